using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Contracts;

namespace Functional.Core.Model;

// The network's parameters as a tree without activations, and element-wise operations over them that keep the
// network's activations. All return fresh values.
public sealed partial record Mlp
{
    /// <summary>The parameters without the activations: the same layers, shared (they are immutable).</summary>
    public ParameterTree Parameters => new(Layers);

    /// <summary>A network's parameters (see <see cref="Parameters"/>); sharing, not copying, its immutable layers.</summary>
    [return: NotNullIfNotNull(nameof(network))]
    public static implicit operator ParameterTree?(Mlp? network) => network?.Parameters;

    /// <summary>
    /// Returns a network with this one's activations and the layers of <paramref name="parameters"/>. Throws
    /// <see cref="ArgumentException"/> when the layouts differ.
    /// </summary>
    [Pure]
    public Mlp WithParameters(ParameterTree parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!HasSameShape(parameters))
        {
            throw new ArgumentException(
                $"the parameters have layout [{string.Join(",", parameters.Layout)}] but the network [{string.Join(",", Layout)}]",
                nameof(parameters));
        }

        return this with { Layers = parameters.Layers };
    }

    /// <summary>Returns a network of the same shape and activations with every parameter zero.</summary>
    [Pure]
    public Mlp ZerosLike() => WithParameters(Parameters.ZerosLike());

    /// <summary>Returns a network of the same shape whose every parameter is <paramref name="f"/> of this one's.</summary>
    [Pure]
    public Mlp Map(Func<double, double> f) => WithParameters(Parameters.Map(f));

    /// <summary>
    /// Returns a network whose every parameter is <paramref name="f"/>(this, other) at the same place.
    /// Throws <see cref="ArgumentException"/> when the shapes differ.
    /// </summary>
    [Pure]
    public Mlp Zip(ParameterTree other, Func<double, double, double> f) => WithParameters(Parameters.Zip(other, f));

    /// <summary>Returns the sum over all parameters of <paramref name="f"/>(value).</summary>
    [Pure]
    public double Sum(Func<double, double> f) => Parameters.Sum(f);

    /// <summary>
    /// Returns all parameters as one flat array in module order: for each layer W row by row (PyTorch's
    /// layout of a (out, in) tensor), then B.
    /// </summary>
    [Pure]
    public double[] ToFlatArray() => Parameters.ToFlatArray();

    /// <summary>
    /// Returns a network of this shape and activations whose parameters are <paramref name="flat"/> in the
    /// order of <see cref="ToFlatArray"/>. Throws <see cref="ArgumentException"/> on a length mismatch.
    /// </summary>
    [Pure]
    public Mlp WithFlatParameters(ReadOnlySpan<double> flat) => WithParameters(Parameters.WithFlatParameters(flat));

    /// <summary>True when <paramref name="other"/> has the same layout (activations do not count).</summary>
    [Pure]
    public bool HasSameShape(ParameterTree other) => other is not null && Parameters.HasSameShape(other);

    internal void RequireSameShape(ParameterTree other) => Parameters.RequireSameShape(other);
}
