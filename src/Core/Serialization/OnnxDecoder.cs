using System.Collections.Immutable;

namespace Functional.Core.Serialization;

/// <summary>
/// Decodes the bytes of an ONNX file into an <see cref="OnnxModel"/>, reading only the messages an MLP needs
/// (model, graph, node, attribute, tensor, value info) and skipping every other field unread. Hard limits keep
/// hostile files cheap: at most <see cref="MaxNodes"/> nodes and <see cref="MaxInitializers"/> initializers,
/// <see cref="MaxAttributes"/> attributes and inputs per node, <see cref="MaxDims"/> dims per tensor and
/// <see cref="MaxElements"/> float values in all; subgraphs and functions are never entered, so nothing
/// recurses. Every failure is a <see cref="ModelFormatException"/>.
/// </summary>
internal sealed partial class OnnxDecoder
{
    /// <summary>The most nodes a graph may have.</summary>
    public const int MaxNodes = 10_000;

    /// <summary>The most initializers a graph may have.</summary>
    public const int MaxInitializers = 10_000;

    /// <summary>The most attributes, inputs or outputs one node (or a graph's input or output list) may have.</summary>
    public const int MaxAttributes = 64;

    /// <summary>The most dims a tensor or value may have.</summary>
    public const int MaxDims = 8;

    /// <summary>The most float or double values, over all tensors, a file may hold (128 MB as doubles).</summary>
    public const long MaxElements = 16_000_000;

    private readonly ReadOnlyMemory<byte> bytes;
    private readonly string source;
    private long elementsLeft = MaxElements;

    private OnnxDecoder(ReadOnlyMemory<byte> bytes, string source)
    {
        this.bytes = bytes;
        this.source = source;
    }

    /// <summary>Decodes a whole file. Throws <see cref="ModelFormatException"/> for anything that cannot be read.</summary>
    public static OnnxModel Decode(ReadOnlyMemory<byte> bytes, string source) => new OnnxDecoder(bytes, source).Model();

    private OnnxModel Model()
    {
        var reader = new OnnxWireReader(bytes, 0, bytes.Length, source, "model");
        long ir = 0;
        var opsets = ImmutableArray.CreateBuilder<OnnxOpset>();
        OnnxGraph? graph = null;
        while (reader.Next(out var field))
        {
            switch (field.Number)
            {
                case 1:
                    ir = reader.Int64(field);
                    break;
                case 7:
                    if (graph is not null)
                    {
                        throw reader.Error("more than one graph");
                    }

                    graph = Graph(reader.Nested(field, "graph"));
                    break;
                case 8:
                    if (opsets.Count >= MaxAttributes)
                    {
                        throw reader.Error($"more than {MaxAttributes} operator sets");
                    }

                    opsets.Add(Opset(reader.Nested(field, "opset_import")));
                    break;
            }
        }

        if (graph is null)
        {
            throw reader.Error("no graph (is this an ONNX model file?)");
        }

        return new OnnxModel(ir, opsets.ToImmutable(), graph);
    }

    private static OnnxOpset Opset(OnnxWireReader reader)
    {
        string domain = "";
        long version = 0;
        while (reader.Next(out var field))
        {
            switch (field.Number)
            {
                case 1:
                    domain = reader.String(field);
                    break;
                case 2:
                    version = reader.Int64(field);
                    break;
            }
        }

        return new OnnxOpset(domain, version);
    }

    private OnnxGraph Graph(OnnxWireReader reader)
    {
        var nodes = ImmutableArray.CreateBuilder<OnnxNode>();
        var initializers = ImmutableDictionary.CreateBuilder<string, OnnxTensor>(StringComparer.Ordinal);
        var inputs = ImmutableArray.CreateBuilder<OnnxValueInfo>();
        var outputs = ImmutableArray.CreateBuilder<OnnxValueInfo>();
        while (reader.Next(out var field))
        {
            switch (field.Number)
            {
                case 1:
                    Limit(reader, nodes.Count, MaxNodes, "nodes");
                    nodes.Add(Node(reader.Nested(field, $"node {nodes.Count}")));
                    break;
                case 5:
                    Limit(reader, initializers.Count, MaxInitializers, "initializers");
                    var tensor = Tensor(reader.Nested(field, $"initializer {initializers.Count}"));
                    if (!initializers.TryAdd(tensor.Name, tensor))
                    {
                        throw reader.Error($"two initializers are named '{OnnxText.Printable(tensor.Name)}'");
                    }

                    break;
                case 11:
                    Limit(reader, inputs.Count, MaxAttributes, "graph inputs");
                    inputs.Add(ValueInfo(reader.Nested(field, "graph input")));
                    break;
                case 12:
                    Limit(reader, outputs.Count, MaxAttributes, "graph outputs");
                    outputs.Add(ValueInfo(reader.Nested(field, "graph output")));
                    break;
                case 15:
                    throw reader.Error("sparse initializers are not supported");
            }
        }

        return new OnnxGraph(nodes.ToImmutable(), initializers.ToImmutable(), inputs.ToImmutable(), outputs.ToImmutable());
    }

    private OnnxNode Node(OnnxWireReader reader)
    {
        string opType = "", domain = "", name = "";
        var inputs = ImmutableArray.CreateBuilder<string>();
        var outputs = ImmutableArray.CreateBuilder<string>();
        var attributes = ImmutableDictionary.CreateBuilder<string, OnnxAttribute>(StringComparer.Ordinal);
        while (reader.Next(out var field))
        {
            switch (field.Number)
            {
                case 1:
                    Limit(reader, inputs.Count, MaxAttributes, "inputs");
                    inputs.Add(reader.String(field));
                    break;
                case 2:
                    Limit(reader, outputs.Count, MaxAttributes, "outputs");
                    outputs.Add(reader.String(field));
                    break;
                case 3:
                    name = reader.String(field);
                    break;
                case 4:
                    opType = reader.String(field);
                    break;
                case 5:
                    Limit(reader, attributes.Count, MaxAttributes, "attributes");
                    var attribute = Attribute(reader.Nested(field, "attribute"));
                    if (!attributes.TryAdd(attribute.Name, attribute))
                    {
                        throw reader.Error($"two attributes are named '{OnnxText.Printable(attribute.Name)}'");
                    }

                    break;
                case 7:
                    domain = reader.String(field);
                    break;
            }
        }

        return new OnnxNode(opType, domain, name, inputs.ToImmutable(), outputs.ToImmutable(), attributes.ToImmutable());
    }

    private OnnxAttribute Attribute(OnnxWireReader reader)
    {
        string name = "";
        int type = 0;
        float f = 0f;
        long i = 0;
        string s = "";
        OnnxTensor? t = null;
        while (reader.Next(out var field))
        {
            switch (field.Number)
            {
                case 1:
                    name = reader.String(field);
                    break;
                case 2:
                    f = reader.Float(field);
                    break;
                case 3:
                    i = reader.Int64(field);
                    break;
                case 4:
                    s = reader.String(field);
                    break;
                case 5:
                    t = Tensor(reader.Nested(field, "attribute tensor"));
                    break;
                case 20:
                    type = unchecked((int)reader.Int64(field));
                    break;
            }
        }

        return new OnnxAttribute(name, type, f, i, s, t);
    }

    private static OnnxValueInfo ValueInfo(OnnxWireReader reader)
    {
        string name = "";
        int elemType = 0;
        var dims = ImmutableArray.CreateBuilder<long?>();
        bool hasShape = false;
        while (reader.Next(out var field))
        {
            switch (field.Number)
            {
                case 1:
                    name = reader.String(field);
                    break;
                case 2:
                    var type = reader.Nested(field, "type");
                    while (type.Next(out var typeField))
                    {
                        if (typeField.Number != 1)
                        {
                            continue;
                        }

                        var tensor = type.Nested(typeField, "tensor type");
                        while (tensor.Next(out var tensorField))
                        {
                            if (tensorField.Number == 1)
                            {
                                elemType = unchecked((int)tensor.Int64(tensorField));
                            }
                            else if (tensorField.Number == 2)
                            {
                                hasShape = true;
                                dims.Clear();
                                var shape = tensor.Nested(tensorField, "shape");
                                while (shape.Next(out var dimField))
                                {
                                    if (dimField.Number == 1)
                                    {
                                        Limit(shape, dims.Count, MaxDims, "dims");
                                        dims.Add(Dim(shape.Nested(dimField, "dim")));
                                    }
                                }
                            }
                        }
                    }

                    break;
            }
        }

        return new OnnxValueInfo(name, elemType, dims.ToImmutable(), hasShape);
    }

    private static long? Dim(OnnxWireReader reader)
    {
        long? value = null;
        while (reader.Next(out var field))
        {
            if (field.Number == 1)
            {
                value = reader.Int64(field);
            }
            else if (field.Number == 2)
            {
                value = null;
            }
        }

        return value;
    }

    private static void Limit(OnnxWireReader reader, int count, int max, string what)
    {
        if (count >= max)
        {
            throw reader.Error($"more than {max} {what}");
        }
    }
}
