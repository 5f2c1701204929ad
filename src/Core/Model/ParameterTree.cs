using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Model;

/// <summary>
/// The parameters of a network without its activations: one <see cref="Linear"/> (W of shape (out, in), B of
/// length out) per layer, input first. Gradients, optimizer updates and optimizer moments are parameter trees
/// shaped like the network's <see cref="Mlp.Parameters"/>. Every operation here returns fresh values.
/// </summary>
public sealed record ParameterTree
{
    /// <summary>
    /// Creates a tree from its layers. Throws <see cref="ArgumentException"/> when there are none or consecutive
    /// layers do not chain (layer i's out differs from layer i+1's in).
    /// </summary>
    public ParameterTree(ImmutableArray<Linear> layers)
    {
        if (layers.IsDefaultOrEmpty)
        {
            throw new ArgumentException("a parameter tree needs at least one layer", nameof(layers));
        }

        for (int i = 0; i + 1 < layers.Length; i++)
        {
            if (layers[i].OutFeatures != layers[i + 1].InFeatures)
            {
                throw new ArgumentException(
                    $"layer {i} has out_features={layers[i].OutFeatures} but layer {i + 1} has in_features={layers[i + 1].InFeatures}",
                    nameof(layers));
            }
        }

        Layers = layers;
    }

    /// <summary>The layers, input first.</summary>
    public ImmutableArray<Linear> Layers { get; }

    /// <summary>The widths [in, hidden..., out].</summary>
    public ImmutableArray<int> Layout
    {
        get
        {
            var builder = ImmutableArray.CreateBuilder<int>(Layers.Length + 1);
            builder.Add(Layers[0].InFeatures);
            foreach (var layer in Layers)
            {
                builder.Add(layer.OutFeatures);
            }

            return builder.MoveToImmutable();
        }
    }

    /// <summary>Total number of parameters.</summary>
    public int ParameterCount => Layers.Sum(l => l.ParameterCount);

    /// <summary>Returns a tree of the given layout with every parameter zero.</summary>
    [Pure]
    public static ParameterTree Zeros(IReadOnlyList<int> layout)
    {
        Mlp.ValidateLayout(layout);
        var layers = ImmutableArray.CreateBuilder<Linear>(layout.Count - 1);
        for (int i = 0; i + 1 < layout.Count; i++)
        {
            layers.Add(Linear.Zeros(layout[i], layout[i + 1]));
        }

        return new ParameterTree(layers.MoveToImmutable());
    }

    /// <summary>Returns a tree of the same shape with every parameter zero.</summary>
    [Pure]
    public ParameterTree ZerosLike() => Map(static _ => 0.0);

    /// <summary>Returns a tree of the same shape whose every parameter is <paramref name="f"/> of this one's.</summary>
    [Pure]
    public ParameterTree Map(Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Rebuild((w, b) => (w.View.Map(f), b.View.Map(f)));
    }

    /// <summary>
    /// Returns a tree whose every parameter is <paramref name="f"/>(this, other) at the same place.
    /// Throws <see cref="ArgumentException"/> when the shapes differ.
    /// </summary>
    [Pure]
    public ParameterTree Zip(ParameterTree other, Func<double, double, double> f)
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

    /// <summary>Returns the sum over all parameters of <paramref name="f"/>(value), layer by layer, W column-major then B.</summary>
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
    /// Returns a tree of this shape whose parameters are <paramref name="flat"/> in the order of
    /// <see cref="ToFlatArray"/>. Throws <see cref="ArgumentException"/> on a length mismatch.
    /// </summary>
    [Pure]
    public ParameterTree WithFlatParameters(ReadOnlySpan<double> flat)
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

        return new ParameterTree(layers.MoveToImmutable());
    }

    /// <summary>True when <paramref name="other"/> has the same layout.</summary>
    [Pure]
    public bool HasSameShape(ParameterTree other) =>
        other is not null && other.Layers.Length == Layers.Length &&
        Layers.Zip(other.Layers).All(p => p.First.InFeatures == p.Second.InFeatures && p.First.OutFeatures == p.Second.OutFeatures);

    /// <summary>Compares layers element by element (shapes and values), unlike the reference equality of <see cref="ImmutableArray{T}"/>.</summary>
    public bool Equals(ParameterTree? other) =>
        other is not null && other.Layers.Length == Layers.Length && Layers.SequenceEqual(other.Layers);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Layers.Length, Layers[0]);

    internal void RequireSameShape(ParameterTree other)
    {
        if (!HasSameShape(other))
        {
            throw new ArgumentException(
                $"parameter trees differ in shape: [{string.Join(",", Layout)}] vs [{string.Join(",", other.Layout)}]",
                nameof(other));
        }
    }

    // f must return freshly computed matrices (MathNet's Map and Map2 allocate): the layers adopt them.
    private ParameterTree Rebuild(Func<ReadOnlyMatrix, ReadOnlyVector, (Matrix<double> W, Vector<double> B)> f)
    {
        var layers = ImmutableArray.CreateBuilder<Linear>(Layers.Length);
        foreach (var layer in Layers)
        {
            var (w, b) = f(layer.W, layer.B);
            layers.Add(Linear.Adopt(w, b));
        }

        return new ParameterTree(layers.MoveToImmutable());
    }
}
