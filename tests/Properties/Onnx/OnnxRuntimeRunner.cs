using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Functional.Properties.Tests.Onnx;

/// <summary>Runs ONNX model bytes in ONNX Runtime (one thread) on a batch whose rows are samples.</summary>
internal static class OnnxRuntimeRunner
{
    /// <summary>Returns the float64 model's output for <paramref name="x"/> (shape (n, in)), row-major.</summary>
    public static double[] RunDouble(byte[] model, Matrix<double> x, string input = "input") =>
        Run<double>(model, x.ToRowMajorArray(), x.RowCount, x.ColumnCount, input);

    /// <summary>Returns the float32 model's output for <paramref name="x"/> rounded to float, row-major.</summary>
    public static float[] RunFloat(byte[] model, Matrix<double> x, string input = "input") =>
        Run<float>(model, [.. x.ToRowMajorArray().Select(v => (float)v)], x.RowCount, x.ColumnCount, input);

    private static T[] Run<T>(byte[] model, T[] values, int rows, int columns, string input)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        var tensor = new DenseTensor<T>(values, [rows, columns]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, tensor)]);
        return [.. results.Single().AsEnumerable<T>()];
    }
}
