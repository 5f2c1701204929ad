using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Model;

// Element-wise operations over every parameter of a network, treating it as a parameter tree
// (as optimizers and gradient checks do). All return fresh storage.
public sealed partial record Mlp
{
    /// <summary>Returns a network of the same shape and activations with every parameter zero.</summary>
    [Pure]
    public Mlp ZerosLike() => Map(static _ => 0.0);

    /// <summary>Returns a network of the same shape whose every parameter is <paramref name="f"/> of this one's.</summary>
    [Pure]
    public Mlp Map(Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Rebuild((w, b) => (w.View.Map(f), b.View.Map(f)));
    }

    /// <summary>
    /// Returns a network whose every parameter is <paramref name="f"/>(this, other) at the same place.
    /// Throws <see cref="ArgumentException"/> when the shapes differ.
    /// </summary>
    [Pure]
    public Mlp Zip(Mlp other, Func<double, double, double> f)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(f);
        RequireSameShape(other);
        int i = 0;
        return Rebuild((w, b) =>
        {
            var o = other.Layers[i++];
            return (w.View.Map2(f, o.W.View), b.View.Map2(f, o.B.View));
        });
    }

    /// <summary>Returns the sum over all parameters of <paramref name="f"/>(value).</summary>
    [Pure]
    public double Sum(Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        double total = 0.0;
        foreach (var layer in Layers)
        {
            foreach (double v in layer.W.Span)
            {
                total += f(v);
            }

            foreach (double v in layer.B.Span)
            {
                total += f(v);
            }
        }

        return total;
    }

    /// <summary>
    /// Returns all parameters as one flat array in module order: for each layer W row by row (PyTorch's
    /// layout of a (out, in) tensor), then B.
    /// </summary>
    [Pure]
    public double[] ToFlatArray()
    {
        var flat = new double[ParameterCount];
        int k = 0;
        foreach (var layer in Layers)
        {
            for (int r = 0; r < layer.W.RowCount; r++)
            {
                for (int c = 0; c < layer.W.ColumnCount; c++)
                {
                    flat[k++] = layer.W[r, c];
                }
            }

            for (int r = 0; r < layer.B.Count; r++)
            {
                flat[k++] = layer.B[r];
            }
        }

        return flat;
    }

    /// <summary>
    /// Returns a network of this shape and activations whose parameters are <paramref name="flat"/> in the
    /// order of <see cref="ToFlatArray"/>. Throws <see cref="ArgumentException"/> on a length mismatch.
    /// </summary>
    [Pure]
    public Mlp WithFlatParameters(ReadOnlySpan<double> flat)
    {
        if (flat.Length != ParameterCount)
        {
            throw new ArgumentException($"expected {ParameterCount} parameters, got {flat.Length}", nameof(flat));
        }

        var layers = ImmutableArray.CreateBuilder<Linear>(Layers.Length);
        int k = 0;
        foreach (var layer in Layers)
        {
            var w = Matrix<double>.Build.Dense(layer.OutFeatures, layer.InFeatures);
            for (int r = 0; r < w.RowCount; r++)
            {
                for (int c = 0; c < w.ColumnCount; c++)
                {
                    w[r, c] = flat[k++];
                }
            }

            var b = Vector<double>.Build.Dense(layer.OutFeatures);
            for (int r = 0; r < b.Count; r++)
            {
                b[r] = flat[k++];
            }

            // w and b were allocated above and are not written again.
            layers.Add(Linear.Adopt(w, b));
        }

        return this with { Layers = layers.MoveToImmutable() };
    }

    /// <summary>True when <paramref name="other"/> has the same layout (activations are not compared).</summary>
    [Pure]
    public bool HasSameShape(Mlp other) =>
        other is not null && other.Layers.Length == Layers.Length &&
        Layers.Zip(other.Layers).All(p => p.First.InFeatures == p.Second.InFeatures && p.First.OutFeatures == p.Second.OutFeatures);

    internal void RequireSameShape(Mlp other)
    {
        if (!HasSameShape(other))
        {
            throw new ArgumentException(
                $"parameter trees differ in shape: [{string.Join(",", Layout)}] vs [{string.Join(",", other.Layout)}]",
                nameof(other));
        }
    }

    // f must return freshly computed matrices (MathNet's Map and Map2 allocate): the layers adopt them.
    private Mlp Rebuild(Func<ReadOnlyMatrix, ReadOnlyVector, (Matrix<double> W, Vector<double> B)> f)
    {
        var layers = ImmutableArray.CreateBuilder<Linear>(Layers.Length);
        foreach (var layer in Layers)
        {
            var (w, b) = f(layer.W, layer.B);
            layers.Add(Linear.Adopt(w, b));
        }

        return this with { Layers = layers.MoveToImmutable() };
    }
}
