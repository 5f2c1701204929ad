using System.Runtime.InteropServices;

namespace Functional.Core.Serialization;

/// <summary>What a path names: nothing, a regular file, a folder, or a special file (device, pipe, socket).</summary>
internal enum FileKind
{
    /// <summary>Nothing exists at the path.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Folder,

    /// <summary>A character device such as /dev/null or a terminal.</summary>
    CharacterDevice,

    /// <summary>A named pipe (FIFO), or a shell's <c>&lt;(...)</c> stream.</summary>
    Pipe,

    /// <summary>A block device (a disk).</summary>
    BlockDevice,

    /// <summary>A Unix-domain socket.</summary>
    Socket,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>
/// Tells files apart by type, following symbolic links, through the runtime's own native <c>stat</c>
/// (System.Native's <c>SystemNative_Stat</c>, whose <c>FileStatus</c> holds the mode at offset 4 with the
/// portable <c>S_IF*</c> bits); where that library is absent (Windows) only folders, files and nothing are told apart.
/// </summary>
internal static class FileKinds
{
    private const int TypeMask = 0xF000, Fifo = 0x1000, Char = 0x2000, Dir = 0x4000, Block = 0x6000, Reg = 0x8000, Sock = 0xC000;

    // FileStatus: Flags, Mode, Uid, Gid (4 bytes each), then 64-bit Size, times, Dev (offset 88), RDev, Ino (offset 104), ...
    private const int ModeOffset = 4, DevOffset = 88, InoOffset = 104;

    /// <summary>The kind of file at <paramref name="path"/>, after following symbolic links.</summary>
    public static FileKind Of(string path)
    {
        var status = Stat(path);
        if (status is null)
        {
            return Directory.Exists(path) ? FileKind.Folder : File.Exists(path) ? FileKind.Regular : FileKind.Missing;
        }

        if (status.Length == 0)
        {
            return FileKind.Missing;
        }

        return (BitConverter.ToInt32(status, ModeOffset) & TypeMask) switch
        {
            Reg => FileKind.Regular,
            Dir => FileKind.Folder,
            Char => FileKind.CharacterDevice,
            Fifo => FileKind.Pipe,
            Block => FileKind.BlockDevice,
            Sock => FileKind.Socket,
            _ => FileKind.Other,
        };
    }

    /// <summary>The (device, inode) pair of an existing file, so hard links to one file compare equal; null when unknown.</summary>
    public static (long Device, long Inode)? Identity(string path) =>
        Stat(path) is { Length: > 0 } status ? (BitConverter.ToInt64(status, DevOffset), BitConverter.ToInt64(status, InoOffset)) : null;

    /// <summary>The raw status (empty when nothing is there), or null when the native call is not available.</summary>
    private static byte[]? Stat(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return null;
        }

        var buffer = new byte[256];
        try
        {
            return NativeStat(path, buffer) == 0 ? buffer : [];
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int NativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] output);

    /// <summary>A kind as the error messages name it.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Folder => "a folder",
        FileKind.CharacterDevice => "a character device",
        FileKind.Pipe => "a pipe",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Regular => "a file",
        _ => "a special file",
    };
}
