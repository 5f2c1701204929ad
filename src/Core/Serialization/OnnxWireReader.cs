using System.Buffers.Binary;
using System.Text;

namespace Functional.Core.Serialization;

/// <summary>One field as read from the wire: its number, wire type and value (a number or a slice).</summary>
/// <param name="Number">The field number.</param>
/// <param name="WireType">0 varint, 1 fixed 64-bit, 2 length-delimited, 5 fixed 32-bit.</param>
/// <param name="Value">The varint or the fixed value's bits (wire types 0, 1 and 5).</param>
/// <param name="Offset">Where a length-delimited value starts in the buffer (wire type 2).</param>
/// <param name="Length">A length-delimited value's length in bytes (wire type 2).</param>
internal readonly record struct OnnxWireField(int Number, int WireType, ulong Value, int Offset, int Length);

/// <summary>
/// Reads protocol-buffers fields from a slice of one buffer, never copying and never trusting a length:
/// every varint is at most 10 bytes, every length must fit in what is left, and groups (wire types 3 and 4)
/// are refused. Errors are <see cref="ModelFormatException"/>s naming the source and the message being read.
/// </summary>
internal struct OnnxWireReader
{
    private readonly ReadOnlyMemory<byte> buffer;
    private readonly int end;
    private readonly string source;
    private readonly string what;
    private int position;

    /// <summary>Creates a reader over <paramref name="buffer"/>[offset, offset + length); <paramref name="what"/> names the message.</summary>
    public OnnxWireReader(ReadOnlyMemory<byte> buffer, int offset, int length, string source, string what)
    {
        this.buffer = buffer;
        position = offset;
        end = offset + length;
        this.source = source;
        this.what = what;
    }

    /// <summary>Reads the next field; false at the end of the message.</summary>
    public bool Next(out OnnxWireField field)
    {
        field = default;
        if (position >= end)
        {
            return false;
        }

        ulong tag = ReadVarint();
        int wireType = (int)(tag & 7);
        ulong number = tag >> 3;
        if (number is 0 or > 536_870_911)
        {
            throw Error($"field number {number} is not valid");
        }

        switch (wireType)
        {
            case 0:
                field = new OnnxWireField((int)number, 0, ReadVarint(), 0, 0);
                return true;
            case 1:
                field = new OnnxWireField((int)number, 1, BinaryPrimitives.ReadUInt64LittleEndian(Take(8)), 0, 0);
                return true;
            case 5:
                field = new OnnxWireField((int)number, 5, BinaryPrimitives.ReadUInt32LittleEndian(Take(4)), 0, 0);
                return true;
            case 2:
                ulong length = ReadVarint();
                if (length > (ulong)(end - position))
                {
                    throw Error($"field {number} claims {length} bytes but only {end - position} are left (truncated?)");
                }

                field = new OnnxWireField((int)number, 2, 0, position, (int)length);
                position += (int)length;
                return true;
            default:
                throw Error($"field {number} has wire type {wireType}, which ONNX files do not use");
        }
    }

    /// <summary>A reader over a length-delimited field's bytes, naming the message <paramref name="inner"/>.</summary>
    public readonly OnnxWireReader Nested(OnnxWireField field, string inner)
    {
        Expect(field, 2);
        return new OnnxWireReader(buffer, field.Offset, field.Length, source, inner);
    }

    /// <summary>A length-delimited field's bytes.</summary>
    public readonly ReadOnlyMemory<byte> Bytes(OnnxWireField field)
    {
        Expect(field, 2);
        return buffer.Slice(field.Offset, field.Length);
    }

    /// <summary>A length-delimited field as UTF-8 text (invalid sequences become U+FFFD).</summary>
    public readonly string String(OnnxWireField field, int maxLength = 4096)
    {
        Expect(field, 2);
        if (field.Length > maxLength)
        {
            throw Error($"a text field of {field.Length} bytes is longer than the {maxLength} this reader accepts");
        }

        return Encoding.UTF8.GetString(buffer.Span.Slice(field.Offset, field.Length));
    }

    /// <summary>A varint field as a signed 64-bit integer (two's complement, as int64 and int32 are written).</summary>
    public readonly long Int64(OnnxWireField field)
    {
        Expect(field, 0);
        return unchecked((long)field.Value);
    }

    /// <summary>A fixed 32-bit field as a float.</summary>
    public readonly float Float(OnnxWireField field)
    {
        Expect(field, 5);
        return BitConverter.Int32BitsToSingle(unchecked((int)(uint)field.Value));
    }

    /// <summary>
    /// The int64 values of a repeated field, packed (wire type 2) or not (wire type 0), appended to
    /// <paramref name="values"/>, which may hold at most <paramref name="max"/> values.
    /// </summary>
    public readonly void Int64s(OnnxWireField field, List<long> values, int max, string name)
    {
        if (field.WireType == 0)
        {
            Add(values, unchecked((long)field.Value), max, name);
            return;
        }

        var packed = Nested(field, what);
        while (packed.position < packed.end)
        {
            Add(values, unchecked((long)packed.ReadVarint()), max, name);
        }
    }

    /// <summary>A <see cref="ModelFormatException"/> naming the source and the message being read.</summary>
    public readonly ModelFormatException Error(string problem) => new(source, $"not a valid ONNX file: {what}: {problem}");

    private readonly void Add(List<long> values, long value, int max, string name)
    {
        if (values.Count >= max)
        {
            throw Error($"more than {max} {name}");
        }

        values.Add(value);
    }

    private readonly void Expect(OnnxWireField field, int wireType)
    {
        if (field.WireType != wireType)
        {
            throw Error($"field {field.Number} has wire type {field.WireType}, expected {wireType}");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (end - position < count)
        {
            throw Error("the message ends inside a field (truncated?)");
        }

        var span = buffer.Span.Slice(position, count);
        position += count;
        return span;
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (position >= end)
            {
                throw Error("the message ends inside a number (truncated?)");
            }

            byte b = buffer.Span[position++];
            if (shift == 63 && b > 1)
            {
                throw Error("a number is longer than 64 bits");
            }

            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Error("a number is longer than 10 bytes");
    }
}
