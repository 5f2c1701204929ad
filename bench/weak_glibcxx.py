#!/usr/bin/env python3
"""Marks one symbol-version requirement of an ELF shared library weak, so that the dynamic loader accepts a
system C++ library that lacks that version when the library never calls the symbols bound to it.

TorchSharp-cpu 0.107's libLibTorchSharp.so asks for GLIBCXX_3.4.32 for one symbol only
(_ZSt21ios_base_library_initv, which GCC 13 emits and never needs at run time with an older libstdc++).
Debian 12's libstdc++ stops at GLIBCXX_3.4.30, so the library does not load there. With the requirement
marked weak (VER_FLG_WEAK in its Elf64_Vernaux entry) it does.

    python3 bench/weak_glibcxx.py FILE [VERSION]    # VERSION defaults to GLIBCXX_3.4.32

Edits FILE in place (give it a copy in a build folder, never the package cache's file); prints what it did.
Stdlib only: reads the section headers, finds SHT_GNU_verneed and walks its entries.
"""
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def c_string(data, offset):
    end = data.index(b"\0", offset)
    return data[offset:end].decode("ascii", "replace")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    path = sys.argv[1]
    wanted = sys.argv[2] if len(sys.argv) == 3 else "GLIBCXX_3.4.32"
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"{path}: not a 64-bit little-endian ELF file")

    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    changed = 0
    for (_, sh_type, _, _, sh_offset, _, sh_link, sh_info, _, _) in sections:
        if sh_type != SHT_GNU_VERNEED:
            continue
        strtab = sections[sh_link][4]
        need = sh_offset
        for _ in range(sh_info):
            _, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, need)
            aux = need + vn_aux
            for _ in range(vn_cnt):
                _, flags, _, name, vna_next = struct.unpack_from("<IHHII", data, aux)
                if c_string(data, strtab + name) == wanted:
                    if flags & VER_FLG_WEAK:
                        print(f"{path}: {wanted} (from {c_string(data, strtab + vn_file)}) is already weak")
                    else:
                        struct.pack_into("<H", data, aux + 4, flags | VER_FLG_WEAK)
                        changed += 1
                        print(f"{path}: marked {wanted} (from {c_string(data, strtab + vn_file)}) weak")
                aux += vna_next
                if vna_next == 0:
                    break
            need += vn_next
            if vn_next == 0:
                break
    if changed:
        with open(path, "r+b") as f:
            f.write(data)


if __name__ == "__main__":
    main()
