using System.Diagnostics.Contracts;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core;

/// <summary>
/// An immutable dense matrix of doubles, shape (<see cref="RowCount"/>, <see cref="ColumnCount"/>), stored
/// column-major as MathNet's dense matrices are. It is how records hold parameters, data and forward results:
/// nothing can write its values once it is made. MathNet matrices remain the compute type; <see cref="ToMatrix"/>
/// hands one out as a fresh copy. Equality compares shapes and values (<see cref="double.Equals(double)"/>,
/// so NaN equals NaN).
/// </summary>
public sealed class ReadOnlyMatrix : IEquatable<ReadOnlyMatrix>
{
    // Column-major; never written after construction and never handed out.
    private readonly double[] values;

    private ReadOnlyMatrix(int rows, int columns, double[] values)
    {
        RowCount = rows;
        ColumnCount = columns;
        this.values = values;
    }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Number of columns.</summary>
    public int ColumnCount { get; }

    /// <summary>The value at (<paramref name="row"/>, <paramref name="column"/>), both zero-based.</summary>
    public double this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)RowCount)
            {
                throw new ArgumentOutOfRangeException(nameof(row), row, $"a row index lies in 0..{RowCount - 1}");
            }

            if ((uint)column >= (uint)ColumnCount)
            {
                throw new ArgumentOutOfRangeException(nameof(column), column, $"a column index lies in 0..{ColumnCount - 1}");
            }

            return values[column * RowCount + row];
        }
    }

    /// <summary>The column-major values (length RowCount·ColumnCount) as a read-only view, without copying.</summary>
    internal ReadOnlySpan<double> Span => values;

    /// <summary>
    /// The storage itself, for internal compute code that only reads it (the engine's gather, the optimizer
    /// kernels' input segments). Never write into it.
    /// </summary>
    internal double[] Storage => values;

    /// <summary>
    /// A MathNet matrix over this matrix's own storage, for internal compute code that only reads it
    /// (products, sums). Never write into it, and never hand it out.
    /// </summary>
    internal Matrix<double> View => Matrix<double>.Build.Dense(RowCount, ColumnCount, values);

    /// <summary>Returns a copy of <paramref name="matrix"/> (any MathNet storage) of the same shape.</summary>
    [Pure]
    public static ReadOnlyMatrix CopyOf(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return new ReadOnlyMatrix(matrix.RowCount, matrix.ColumnCount, matrix.ToColumnMajorArray());
    }

    /// <summary>
    /// Returns a matrix of shape (<paramref name="rows"/>, <paramref name="columns"/>) holding a copy of
    /// <paramref name="columnMajor"/> (length rows·columns). Throws <see cref="ArgumentException"/> on a length mismatch.
    /// </summary>
    [Pure]
    public static ReadOnlyMatrix OfColumnMajor(int rows, int columns, ReadOnlySpan<double> columnMajor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (columnMajor.Length != (long)rows * columns)
        {
            throw new ArgumentException($"a ({rows}, {columns}) matrix needs {(long)rows * columns} values, got {columnMajor.Length}", nameof(columnMajor));
        }

        return new ReadOnlyMatrix(rows, columns, columnMajor.ToArray());
    }

    /// <summary>Returns a matrix of shape (<paramref name="rows"/>, <paramref name="columns"/>) with every value zero.</summary>
    [Pure]
    public static ReadOnlyMatrix Zeros(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        return new ReadOnlyMatrix(rows, columns, new double[rows * columns]);
    }

    /// <summary>
    /// Takes ownership of <paramref name="columnMajor"/> without copying. Only for storage the caller has just
    /// allocated, has finished writing and keeps no other reference to.
    /// </summary>
    internal static ReadOnlyMatrix Adopt(int rows, int columns, double[] columnMajor)
    {
        if (columnMajor.Length != rows * columns)
        {
            throw new ArgumentException($"a ({rows}, {columns}) matrix needs {rows * columns} values, got {columnMajor.Length}", nameof(columnMajor));
        }

        return new ReadOnlyMatrix(rows, columns, columnMajor);
    }

    /// <summary>
    /// Takes ownership of a MathNet matrix's storage (dense storage is adopted, any other is copied). Only for a
    /// matrix the caller has just computed, will not write again and does not hand out.
    /// </summary>
    internal static ReadOnlyMatrix Adopt(Matrix<double> fresh) =>
        new(fresh.RowCount, fresh.ColumnCount, fresh.AsColumnMajorArray() ?? fresh.ToColumnMajorArray());

    /// <summary>Returns a fresh MathNet dense matrix of the same shape and values.</summary>
    [Pure]
    public Matrix<double> ToMatrix() => Matrix<double>.Build.Dense(RowCount, ColumnCount, (double[])values.Clone());

    /// <summary>Returns column <paramref name="index"/> as a fresh MathNet vector of length RowCount.</summary>
    [Pure]
    public Vector<double> Column(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ColumnCount);
        return Vector<double>.Build.Dense(values.AsSpan(index * RowCount, RowCount).ToArray());
    }

    /// <summary>Returns row <paramref name="index"/> as a fresh MathNet vector of length ColumnCount.</summary>
    [Pure]
    public Vector<double> Row(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, RowCount);
        var row = new double[ColumnCount];
        for (int c = 0; c < ColumnCount; c++)
        {
            row[c] = values[c * RowCount + index];
        }

        return Vector<double>.Build.Dense(row);
    }

    /// <summary>Returns a fresh two-dimensional array of shape (RowCount, ColumnCount).</summary>
    [Pure]
    public double[,] ToArray()
    {
        var result = new double[RowCount, ColumnCount];
        for (int c = 0; c < ColumnCount; c++)
        {
            for (int r = 0; r < RowCount; r++)
            {
                result[r, c] = values[c * RowCount + r];
            }
        }

        return result;
    }

    /// <summary>Returns a fresh array of the values column by column (length RowCount·ColumnCount).</summary>
    [Pure]
    public double[] ToColumnMajorArray() => (double[])values.Clone();

    /// <summary>Returns a fresh array of the values row by row (length RowCount·ColumnCount).</summary>
    [Pure]
    public double[] ToRowMajorArray()
    {
        var result = new double[values.Length];
        for (int c = 0; c < ColumnCount; c++)
        {
            for (int r = 0; r < RowCount; r++)
            {
                result[r * ColumnCount + c] = values[c * RowCount + r];
            }
        }

        return result;
    }

    /// <summary>Enumerates the values column by column, as MathNet's <c>Enumerate()</c> does for dense matrices.</summary>
    [Pure]
    public IEnumerable<double> Enumerate()
    {
        for (int i = 0; i < values.Length; i++)
        {
            yield return values[i];
        }
    }

    /// <summary>True when <paramref name="other"/> has the same shape and the same values.</summary>
    public bool Equals(ReadOnlyMatrix? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (RowCount == other.RowCount && ColumnCount == other.ColumnCount && values.AsSpan().SequenceEqual(other.values)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ReadOnlyMatrix);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(RowCount);
        hash.Add(ColumnCount);
        for (int i = 0; i < Math.Min(values.Length, 16); i++)
        {
            hash.Add(values[i]);
        }

        return hash.ToHashCode();
    }

    /// <summary>Returns "ReadOnlyMatrix (rows, columns)".</summary>
    public override string ToString() => $"ReadOnlyMatrix ({RowCount}, {ColumnCount})";
}
