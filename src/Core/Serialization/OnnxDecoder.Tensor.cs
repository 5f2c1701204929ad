using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Functional.Core.Serialization;

// TensorProto: dims, type and data (raw_data, float_data or double_data), checked against each other and
// against the value budget before anything is allocated.
internal sealed partial class OnnxDecoder
{
    private OnnxTensor Tensor(OnnxWireReader reader)
    {
        string name = "";
        int dataType = 0;
        var dims = new List<long>();
        ReadOnlyMemory<byte>? raw = null;
        var floats = new List<double>();
        bool external = false;
        while (reader.Next(out var field))
        {
            switch (field.Number)
            {
                case 1:
                    reader.Int64s(field, dims, MaxDims, "dims");
                    break;
                case 2:
                    dataType = unchecked((int)reader.Int64(field));
                    break;
                case 3:
                    throw reader.Error("segmented tensors are not supported");
                case 4:
                    Fixed(reader, field, floats, 4);
                    break;
                case 8:
                    name = reader.String(field);
                    break;
                case 9:
                    raw = reader.Bytes(field);
                    break;
                case 10:
                    Fixed(reader, field, floats, 8);
                    break;
                case 13:
                    external = true;
                    break;
                case 14:
                    external |= reader.Int64(field) == 1;
                    break;
            }
        }

        string label = name.Length == 0 ? "a tensor" : $"tensor '{OnnxText.Printable(name)}'";
        if (external)
        {
            throw reader.Error($"{label} keeps its data in an external file, which is not supported");
        }

        long count = 1;
        foreach (long d in dims)
        {
            if (d < 0)
            {
                throw reader.Error($"{label} has a negative dim {d}");
            }

            count = d == 0 ? 0 : count > MaxElements / d ? MaxElements + 1 : count * d;
        }

        if (dataType is not (OnnxText.Float or OnnxText.Double))
        {
            return new OnnxTensor(name, [.. dims], dataType, [], false);
        }

        if (count > elementsLeft)
        {
            throw reader.Error($"{label} has more values than this reader accepts ({MaxElements} in all)");
        }

        int size = dataType == OnnxText.Float ? 4 : 8;
        double[] values;
        if (raw is { } data)
        {
            if (floats.Count > 0 || data.Length != count * size)
            {
                throw reader.Error($"{label} has {data.Length} bytes of data but its shape needs {count * size}");
            }

            values = new double[count];
            var span = data.Span;
            for (int k = 0; k < values.Length; k++)
            {
                values[k] = size == 4
                    ? BinaryPrimitives.ReadSingleLittleEndian(span.Slice(k * 4, 4))
                    : BinaryPrimitives.ReadDoubleLittleEndian(span.Slice(k * 8, 8));
            }
        }
        else
        {
            if (floats.Count != count)
            {
                throw reader.Error($"{label} has {floats.Count} values but its shape needs {count}");
            }

            values = [.. floats];
        }

        elementsLeft -= count;
        return new OnnxTensor(name, [.. dims], dataType, ImmutableArray.Create(values), true);
    }

    // float_data (fixed32, size 4) or double_data (fixed64, size 8), packed or one value per field.
    private void Fixed(OnnxWireReader reader, OnnxWireField field, List<double> values, int size)
    {
        if (field.WireType == 2)
        {
            var data = reader.Bytes(field).Span;
            if (data.Length % size != 0)
            {
                throw reader.Error($"packed data of {data.Length} bytes is not a whole number of {size}-byte values");
            }

            if (values.Count + (data.Length / size) > elementsLeft)
            {
                throw reader.Error($"a tensor has more values than this reader accepts ({MaxElements} in all)");
            }

            for (int k = 0; k < data.Length; k += size)
            {
                values.Add(size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(data[k..]) : BinaryPrimitives.ReadDoubleLittleEndian(data[k..]));
            }

            return;
        }

        if (field.WireType != (size == 4 ? 5 : 1))
        {
            throw reader.Error($"field {field.Number} has wire type {field.WireType}");
        }

        if (values.Count + 1 > elementsLeft)
        {
            throw reader.Error($"a tensor has more values than this reader accepts ({MaxElements} in all)");
        }

        values.Add(size == 4 ? BitConverter.Int32BitsToSingle(unchecked((int)(uint)field.Value)) : BitConverter.UInt64BitsToDouble(field.Value));
    }
}
