using System.Diagnostics.Contracts;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Model;

/// <summary>
/// An affine layer y = x·Wᵀ + b over a batch whose rows are samples, as PyTorch's <c>nn.Linear</c>.
/// W has shape (out, in) and B has length out, held as immutable values.
/// </summary>
public sealed record Linear
{
    /// <summary>
    /// Creates a layer holding copies of <paramref name="w"/> and <paramref name="b"/>: changing them afterwards
    /// does not change the layer. Throws <see cref="ArgumentException"/> when W has a zero dimension or B's length
    /// differs from W's row count.
    /// </summary>
    /// <param name="w">Weights, shape (out, in).</param>
    /// <param name="b">Biases, length out.</param>
    public Linear(Matrix<double> w, Vector<double> b)
        : this(ReadOnlyMatrix.CopyOf(w ?? throw new ArgumentNullException(nameof(w))), ReadOnlyVector.CopyOf(b ?? throw new ArgumentNullException(nameof(b))))
    {
    }

    /// <summary>
    /// Creates a layer holding <paramref name="w"/> and <paramref name="b"/> (immutable, so shared, not copied).
    /// Throws <see cref="ArgumentException"/> when W has a zero dimension or B's length differs from W's row count.
    /// </summary>
    /// <param name="w">Weights, shape (out, in).</param>
    /// <param name="b">Biases, length out.</param>
    public Linear(ReadOnlyMatrix w, ReadOnlyVector b)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(b);
        if (w.RowCount < 1 || w.ColumnCount < 1)
        {
            throw new ArgumentException($"a Linear layer needs W of shape (out >= 1, in >= 1), got ({w.RowCount}, {w.ColumnCount})", nameof(w));
        }

        if (b.Count != w.RowCount)
        {
            throw new ArgumentException($"bias length {b.Count} does not match W of shape ({w.RowCount}, {w.ColumnCount})", nameof(b));
        }

        W = w;
        B = b;
    }

    /// <summary>Weights, shape (out, in).</summary>
    public ReadOnlyMatrix W { get; init; }

    /// <summary>Biases, length out.</summary>
    public ReadOnlyVector B { get; init; }

    /// <summary>Number of input features (W's column count).</summary>
    public int InFeatures => W.ColumnCount;

    /// <summary>Number of output features (W's row count).</summary>
    public int OutFeatures => W.RowCount;

    /// <summary>Number of parameters: out·in + out.</summary>
    public int ParameterCount => W.RowCount * W.ColumnCount + B.Count;

    /// <summary>Returns a layer of the given shape with every parameter zero.</summary>
    [Pure]
    public static Linear Zeros(int inFeatures, int outFeatures) =>
        new(ReadOnlyMatrix.Zeros(outFeatures, inFeatures), ReadOnlyVector.Zeros(outFeatures));

    /// <summary>
    /// Returns a layer that takes ownership of freshly computed <paramref name="w"/> and <paramref name="b"/>
    /// without copying; only for matrices the caller has just made, will not write again and does not hand out.
    /// </summary>
    internal static Linear Adopt(Matrix<double> w, Vector<double> b) => new(ReadOnlyMatrix.Adopt(w), ReadOnlyVector.Adopt(b));

    /// <summary>Deconstructs into (W, B).</summary>
    public void Deconstruct(out ReadOnlyMatrix w, out ReadOnlyVector b)
    {
        w = W;
        b = B;
    }
}
