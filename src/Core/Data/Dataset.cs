using System.Diagnostics.Contracts;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Data;

/// <summary>
/// A supervised data set: inputs X of shape (n, inputs) and targets Y of shape (n, outputs), one sample
/// per row, held as immutable values. Every operation here returns a new data set.
/// </summary>
public sealed record Dataset
{
    /// <summary>
    /// Creates a data set holding copies of the given matrices: changing them afterwards does not change the
    /// data set. Throws <see cref="ArgumentException"/> when the row counts differ or either matrix has no columns.
    /// </summary>
    /// <param name="x">Inputs, shape (n, inputs).</param>
    /// <param name="y">Targets, shape (n, outputs).</param>
    public Dataset(Matrix<double> x, Matrix<double> y)
        : this(ReadOnlyMatrix.CopyOf(x ?? throw new ArgumentNullException(nameof(x))), ReadOnlyMatrix.CopyOf(y ?? throw new ArgumentNullException(nameof(y))))
    {
    }

    /// <summary>
    /// Creates a data set holding <paramref name="x"/> and <paramref name="y"/> (immutable, so shared, not copied).
    /// Throws <see cref="ArgumentException"/> when the row counts differ or either matrix has no columns.
    /// </summary>
    /// <param name="x">Inputs, shape (n, inputs).</param>
    /// <param name="y">Targets, shape (n, outputs).</param>
    public Dataset(ReadOnlyMatrix x, ReadOnlyMatrix y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.RowCount != y.RowCount)
        {
            throw new ArgumentException($"X has {x.RowCount} rows but Y has {y.RowCount}; a data set needs one target row per input row", nameof(y));
        }

        if (x.ColumnCount < 1 || y.ColumnCount < 1)
        {
            throw new ArgumentException($"a data set needs at least one input and one target column, got X ({x.RowCount}, {x.ColumnCount}) and Y ({y.RowCount}, {y.ColumnCount})");
        }

        X = x;
        Y = y;
    }

    /// <summary>Inputs, shape (n, inputs).</summary>
    public ReadOnlyMatrix X { get; }

    /// <summary>Targets, shape (n, outputs).</summary>
    public ReadOnlyMatrix Y { get; }

    /// <summary>Number of samples n (rows).</summary>
    public int Count => X.RowCount;

    /// <summary>Number of input columns.</summary>
    public int InputCount => X.ColumnCount;

    /// <summary>Number of target columns.</summary>
    public int OutputCount => Y.ColumnCount;

    /// <summary>
    /// Checks that a network of <paramref name="layout"/> (widths from input to output) can train on this data:
    /// its first width is <see cref="InputCount"/>, its last <see cref="OutputCount"/>, and there is at least one
    /// sample. Throws <see cref="ArgumentException"/> (parameter <c>layout</c>, or <c>data</c> when empty) saying
    /// which width differs, e.g. <c>the first width is 2 but the data has 1 input column(s)</c>.
    /// </summary>
    public void RequireFits(IReadOnlyList<int> layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.Count < 2)
        {
            throw new ArgumentException($"a layout needs at least two widths, got {layout.Count}", nameof(layout));
        }

        if (layout[0] != InputCount)
        {
            throw new ArgumentException($"the first width is {layout[0]} but the data has {InputCount} input column(s)", nameof(layout));
        }

        if (layout[^1] != OutputCount)
        {
            throw new ArgumentException($"the last width is {layout[^1]} but the data has {OutputCount} target column(s)", nameof(layout));
        }

        if (Count < 1)
        {
            throw new ArgumentException("the data set is empty", "data");
        }
    }

    /// <summary>
    /// Returns a one-input, one-target data set from two equally long columns: X and Y of shape (n, 1),
    /// fresh matrices (the arrays are copied).
    /// </summary>
    [Pure]
    public static Dataset FromColumns(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return new Dataset(ReadOnlyMatrix.Adopt(Column(x)), ReadOnlyMatrix.Adopt(Column(y)));
    }

    /// <summary>
    /// Returns the samples at <paramref name="indices"/>, in that order, as a new data set of shape
    /// (indices.Length, inputs) and (indices.Length, outputs) with fresh matrices. Throws
    /// <see cref="ArgumentOutOfRangeException"/> for an index outside 0..n-1.
    /// </summary>
    [Pure]
    public Dataset Rows(ReadOnlySpan<int> indices)
    {
        foreach (int index in indices)
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"a sample index lies in 0..{Count - 1}");
            }
        }

        return new Dataset(ReadOnlyMatrix.Adopt(Gather(X, indices)), ReadOnlyMatrix.Adopt(Gather(Y, indices)));
    }

    /// <summary>
    /// Returns the samples start..start+count-1 as a new data set with fresh matrices.
    /// </summary>
    [Pure]
    public Dataset Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count, nameof(count));
        // SubMatrix allocates: the new data set adopts the fresh matrices.
        return new Dataset(
            ReadOnlyMatrix.Adopt(X.View.SubMatrix(start, count, 0, InputCount)),
            ReadOnlyMatrix.Adopt(Y.View.SubMatrix(start, count, 0, OutputCount)));
    }

    /// <summary>Deconstructs into (X, Y).</summary>
    public void Deconstruct(out ReadOnlyMatrix x, out ReadOnlyMatrix y)
    {
        x = X;
        y = Y;
    }

    private static Matrix<double> Column(IReadOnlyList<double> values)
    {
        var matrix = Matrix<double>.Build.Dense(values.Count, 1);
        for (int i = 0; i < values.Count; i++)
        {
            matrix[i, 0] = values[i];
        }

        return matrix;
    }

    private static Matrix<double> Gather(ReadOnlyMatrix source, ReadOnlySpan<int> indices)
    {
        // Writes only into the matrix allocated here, before it is returned: no record can see it yet.
        var result = Matrix<double>.Build.Dense(indices.Length, source.ColumnCount);
        for (int j = 0; j < source.ColumnCount; j++)
        {
            for (int i = 0; i < indices.Length; i++)
            {
                result[i, j] = source[indices[i], j];
            }
        }

        return result;
    }
}
