using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Functional.Core.Serialization;

/// <summary>
/// The protocol-buffers encoding that ONNX files use, for writing: varints (wire type 0), fixed 64-bit
/// (1), length-delimited bytes, strings and nested messages (2) and fixed 32-bit (5). Nested messages are
/// written into their own writer and copied in with their length, which is fine for files of a few MB.
/// </summary>
internal sealed class OnnxWireWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new();

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => buffer.WrittenSpan;

    /// <summary>Writes a varint field (int32, int64 and enums; negative values as 10-byte two's complement).</summary>
    public void Varint(int field, long value)
    {
        Tag(field, 0);
        RawVarint(unchecked((ulong)value));
    }

    /// <summary>Writes a UTF-8 string field.</summary>
    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>Writes a length-delimited bytes field.</summary>
    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        RawVarint((ulong)value.Length);
        buffer.Write(value);
    }

    /// <summary>Writes a fixed 32-bit float field (little-endian IEEE 754).</summary>
    public void Float(int field, float value)
    {
        Tag(field, 5);
        BinaryPrimitives.WriteSingleLittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    /// <summary>Writes a nested message field: <paramref name="write"/> fills the message.</summary>
    public void Message(int field, Action<OnnxWireWriter> write)
    {
        var inner = new OnnxWireWriter();
        write(inner);
        Bytes(field, inner.WrittenSpan);
    }

    /// <summary>Returns the bytes written as a new array.</summary>
    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    private void Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

    private void RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            buffer.GetSpan(1)[0] = (byte)(value | 0x80);
            buffer.Advance(1);
            value >>= 7;
        }

        buffer.GetSpan(1)[0] = (byte)value;
        buffer.Advance(1);
    }
}
