using System.Diagnostics.Contracts;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core;

/// <summary>
/// An immutable dense vector of doubles of length <see cref="Count"/>. It is how records hold biases and their
/// gradients: nothing can write its values once it is made. MathNet vectors remain the compute type;
/// <see cref="ToVector"/> hands one out as a fresh copy. Equality compares lengths and values
/// (<see cref="double.Equals(double)"/>, so NaN equals NaN).
/// </summary>
public sealed class ReadOnlyVector : IEquatable<ReadOnlyVector>
{
    // Never written after construction and never handed out.
    private readonly double[] values;

    private ReadOnlyVector(double[] values) => this.values = values;

    /// <summary>Number of values.</summary>
    public int Count => values.Length;

    /// <summary>The value at <paramref name="index"/> (zero-based).</summary>
    public double this[int index] => values[index];

    /// <summary>The values as a read-only view, without copying.</summary>
    internal ReadOnlySpan<double> Span => values;

    /// <summary>
    /// The storage itself, for internal compute code that only reads it (the optimizer kernels' input
    /// segments). Never write into it.
    /// </summary>
    internal double[] Storage => values;

    /// <summary>A MathNet vector over this vector's own storage, for internal code that only reads it. Never write into it.</summary>
    internal Vector<double> View => Vector<double>.Build.Dense(values);

    /// <summary>Returns a copy of <paramref name="vector"/> (any MathNet storage).</summary>
    [Pure]
    public static ReadOnlyVector CopyOf(Vector<double> vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        return new ReadOnlyVector(vector.ToArray());
    }

    /// <summary>Returns a vector holding a copy of <paramref name="values"/>.</summary>
    [Pure]
    public static ReadOnlyVector Of(ReadOnlySpan<double> values) => new(values.ToArray());

    /// <summary>Returns a vector of length <paramref name="count"/> with every value zero.</summary>
    [Pure]
    public static ReadOnlyVector Zeros(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new ReadOnlyVector(new double[count]);
    }

    /// <summary>
    /// Takes ownership of <paramref name="values"/> without copying. Only for storage the caller has just
    /// allocated, has finished writing and keeps no other reference to.
    /// </summary>
    internal static ReadOnlyVector Adopt(double[] values) => new(values);

    /// <summary>
    /// Takes ownership of a MathNet vector's storage (dense storage is adopted, any other is copied). Only for a
    /// vector the caller has just computed, will not write again and does not hand out.
    /// </summary>
    internal static ReadOnlyVector Adopt(Vector<double> fresh) => new(fresh.AsArray() ?? fresh.ToArray());

    /// <summary>Returns a fresh MathNet dense vector of the same values.</summary>
    [Pure]
    public Vector<double> ToVector() => Vector<double>.Build.Dense((double[])values.Clone());

    /// <summary>Returns a fresh array of the values.</summary>
    [Pure]
    public double[] ToArray() => (double[])values.Clone();

    /// <summary>Enumerates the values in order.</summary>
    [Pure]
    public IEnumerable<double> Enumerate()
    {
        for (int i = 0; i < values.Length; i++)
        {
            yield return values[i];
        }
    }

    /// <summary>True when <paramref name="other"/> has the same length and the same values.</summary>
    public bool Equals(ReadOnlyVector? other) =>
        other is not null && (ReferenceEquals(this, other) || values.AsSpan().SequenceEqual(other.values));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ReadOnlyVector);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(values.Length);
        for (int i = 0; i < Math.Min(values.Length, 16); i++)
        {
            hash.Add(values[i]);
        }

        return hash.ToHashCode();
    }

    /// <summary>Returns "ReadOnlyVector (count)".</summary>
    public override string ToString() => $"ReadOnlyVector ({Count})";
}
