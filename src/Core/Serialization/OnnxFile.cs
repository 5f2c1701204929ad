using System.Diagnostics.Contracts;
using Functional.Core.Model;

namespace Functional.Core.Serialization;

/// <summary>The element type of an exported ONNX model's input, output and parameters.</summary>
public enum OnnxElementType
{
    /// <summary>float64 (ONNX DOUBLE): the exported model computes what <see cref="Mlp.Predict(MathNet.Numerics.LinearAlgebra.Matrix{double})"/> computes.</summary>
    Float64,

    /// <summary>float32 (ONNX FLOAT), the common deployment type: parameters are rounded to the nearest float.</summary>
    Float32,
}

/// <summary>
/// Networks as ONNX models, the exchange format of PyTorch (<c>torch.onnx.export</c>) and ONNX Runtime.
/// <para>
/// Export writes opset <see cref="Opset"/> with one input <see cref="InputName"/> of shape
/// (<see cref="BatchDimension"/>, in) and one output <see cref="OutputName"/> of shape (batch, out), rows being
/// samples as in <see cref="Mlp.Predict(MathNet.Numerics.LinearAlgebra.Matrix{double})"/>; each layer is a <c>Gemm</c> with its weight stored (out, in) as
/// <c>nn.Linear</c> stores it, and each activation standard ONNX operators (see docs/onnx.md).
/// </para>
/// <para>
/// Import reads a chain of layers as PyTorch exports an <c>nn.Sequential</c> of <c>nn.Linear</c> and supported
/// activations (Gemm with or without transB, or MatMul then Add; float or double parameters; opsets
/// <see cref="MinOpset"/> to <see cref="MaxOpset"/>), and the files this class writes. Anything else is a
/// <see cref="ModelFormatException"/> naming the first node that is not understood. Reading is bounded: files
/// above <see cref="MaxFileBytes"/> are refused unread and the decoder caps node, tensor and value counts.
/// </para>
/// </summary>
public static class OnnxFile
{
    /// <summary>The operator set version written (ONNX opset 17, read by ONNX Runtime 1.13 and later).</summary>
    public const int Opset = 17;

    /// <summary>The IR version written (8, the one that goes with opset 17).</summary>
    public const int IrVersion = 8;

    /// <summary>The lowest default-domain opset import reads.</summary>
    public const int MinOpset = 7;

    /// <summary>The highest default-domain opset import reads.</summary>
    public const int MaxOpset = 23;

    /// <summary>The largest file import reads (128 MiB).</summary>
    public const long MaxFileBytes = 128L * 1024 * 1024;

    /// <summary>The name of the exported model's input, shape (batch, in).</summary>
    public const string InputName = "input";

    /// <summary>The name of the exported model's output, shape (batch, out).</summary>
    public const string OutputName = "output";

    /// <summary>The symbolic name of the batch dimension (the first dimension of input and output).</summary>
    public const string BatchDimension = "batch";

    /// <summary>The producer name written into exported files.</summary>
    public const string ProducerName = "functional.mlp";

    /// <summary>
    /// Returns the bytes of an ONNX model computing <paramref name="model"/> in <paramref name="type"/>.
    /// Throws <see cref="ArgumentException"/> when a parameter is not finite.
    /// </summary>
    [Pure]
    public static byte[] ToBytes(Mlp model, OnnxElementType type = OnnxElementType.Float64)
    {
        ArgumentNullException.ThrowIfNull(model);
        return OnnxExport.Write(model, type);
    }

    /// <summary>
    /// Writes <paramref name="model"/> as an ONNX file at <paramref name="path"/>, atomically (temporary file in
    /// the same folder, flushed, renamed over the target). Throws <see cref="ArgumentException"/> for a
    /// non-finite parameter and <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when it
    /// cannot write.
    /// </summary>
    public static void Save(string path, Mlp model, OnnxElementType type = OnnxElementType.Float64)
    {
        byte[] bytes = ToBytes(model, type);
        AtomicWrite.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>
    /// Reads a network from an ONNX model's bytes; <paramref name="source"/> names it in errors. Parameters
    /// stored as float widen exactly. Throws only <see cref="ModelFormatException"/>.
    /// </summary>
    [Pure]
    public static Mlp FromBytes(ReadOnlyMemory<byte> bytes, string source = "<bytes>")
    {
        ArgumentNullException.ThrowIfNull(source);
        if (bytes.Length > MaxFileBytes)
        {
            throw new ModelFormatException(source, $"the file has {bytes.Length} bytes, more than the {MaxFileBytes} this reader accepts");
        }

        return OnnxImport.Read(OnnxDecoder.Decode(bytes, source), source);
    }

    /// <summary>
    /// Loads the network in the ONNX file at <paramref name="path"/>. Throws <see cref="ModelFormatException"/>
    /// naming the path when the file is missing, unreadable, too large or not an MLP this reader understands.
    /// </summary>
    public static Mlp Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // Read in one pass and refused as soon as it passes the limit (a pipe or an endless stream has no length).
        byte[] bytes = JsonText.ReadBounded(path, (read, _) => read.Length <= MaxFileBytes
            ? true
            : throw new ModelFormatException(path, $"the file has more than {MaxFileBytes} bytes, the most this reader accepts"));
        return FromBytes(bytes, path);
    }

    /// <summary>True when <paramref name="path"/> names an ONNX file by its extension (<c>.onnx</c>, any case).</summary>
    [Pure]
    public static bool HasOnnxExtension(string path) =>
        path is not null && path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
}
