using System.Collections.Immutable;

namespace Functional.Core.Serialization;

/// <summary>The subset of an ONNX model this library reads: the IR version, the operator sets and the main graph.</summary>
internal sealed record OnnxModel(long IrVersion, ImmutableArray<OnnxOpset> Opsets, OnnxGraph Graph);

/// <summary>An <c>OperatorSetIdProto</c>: a domain ("" is the default ONNX domain) and its version.</summary>
internal sealed record OnnxOpset(string Domain, long Version);

/// <summary>A <c>GraphProto</c>: nodes in file order, initializers by name, the graph's inputs and outputs.</summary>
internal sealed record OnnxGraph(
    ImmutableArray<OnnxNode> Nodes,
    ImmutableDictionary<string, OnnxTensor> Initializers,
    ImmutableArray<OnnxValueInfo> Inputs,
    ImmutableArray<OnnxValueInfo> Outputs);

/// <summary>A <c>NodeProto</c>: one operator applied to named inputs, producing named outputs.</summary>
internal sealed record OnnxNode(
    string OpType,
    string Domain,
    string Name,
    ImmutableArray<string> Inputs,
    ImmutableArray<string> Outputs,
    ImmutableDictionary<string, OnnxAttribute> Attributes)
{
    /// <summary>How error messages name the node: <c>node 3 'Gemm_2' (Gemm)</c>.</summary>
    public string Describe(int index) =>
        Name.Length == 0 ? $"node {index} ({OnnxText.Printable(OpType)})" : $"node {index} '{OnnxText.Printable(Name)}' ({OnnxText.Printable(OpType)})";
}

/// <summary>
/// An <c>AttributeProto</c> as far as MLPs need it: its type and its float, integer, text or tensor value (the
/// other kinds are kept only as their type, so a node that uses them can be refused by name).
/// </summary>
internal sealed record OnnxAttribute(string Name, int Type, float F, long I, string S, OnnxTensor? T);

/// <summary>
/// A <c>TensorProto</c> of float or double data, widened to doubles (float32 widens exactly); tensors of other
/// types keep only their type and shape (<see cref="Values"/> is empty and <see cref="HasValues"/> false).
/// </summary>
internal sealed record OnnxTensor(string Name, ImmutableArray<long> Dims, int DataType, ImmutableArray<double> Values, bool HasValues)
{
    /// <summary>The number of elements the dims describe (1 for a scalar).</summary>
    public long Count => Dims.Aggregate(1L, (a, d) => a * d);
}

/// <summary>A <c>ValueInfoProto</c> of a tensor: its name, element type (0 when absent) and dims (null where unknown or symbolic).</summary>
internal sealed record OnnxValueInfo(string Name, int ElemType, ImmutableArray<long?> Dims, bool HasShape);

/// <summary>The ONNX constants this library uses: data types, attribute types, sizes and names.</summary>
internal static class OnnxText
{
    /// <summary>TensorProto.DataType FLOAT.</summary>
    public const int Float = 1;

    /// <summary>TensorProto.DataType DOUBLE.</summary>
    public const int Double = 11;

    /// <summary>AttributeProto.AttributeType FLOAT, INT, STRING and TENSOR.</summary>
    public const int AttributeFloat = 1, AttributeInt = 2, AttributeString = 3, AttributeTensor = 4;

    /// <summary>The name of a data type as ONNX spells it, for messages.</summary>
    public static string TypeName(int dataType) => dataType switch
    {
        0 => "UNDEFINED",
        1 => "FLOAT",
        2 => "UINT8",
        3 => "INT8",
        4 => "UINT16",
        5 => "INT16",
        6 => "INT32",
        7 => "INT64",
        8 => "STRING",
        9 => "BOOL",
        10 => "FLOAT16",
        11 => "DOUBLE",
        12 => "UINT32",
        13 => "UINT64",
        16 => "BFLOAT16",
        _ => $"type {dataType}",
    };

    /// <summary>A name from a file as it may be quoted in a one-line message: control characters escaped, at most 80 characters.</summary>
    public static string Printable(string text)
    {
        var builder = new System.Text.StringBuilder();
        foreach (char c in text.Length > 80 ? text[..80] : text)
        {
            builder.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return text.Length > 80 ? builder.Append("...").ToString() : builder.ToString();
    }
}
