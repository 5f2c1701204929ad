using System.Collections.Immutable;
using System.Diagnostics.Contracts;

namespace Functional.Core.Model;

/// <summary>
/// A multi-layer perceptron: a chain of <see cref="Linear"/> layers, each followed by its activation.
/// The tutorial's net has ReLU after every hidden layer and <see cref="Activation.Identity"/> after the
/// output. Gradients, optimizer moments and updates are <see cref="ParameterTree"/> values shaped like <see cref="Parameters"/>.
/// </summary>
public sealed partial record Mlp
{
    /// <summary>
    /// Creates a network from layers and one activation per layer (the last is the output activation).
    /// Throws <see cref="ArgumentException"/> naming the shapes when consecutive layers do not chain
    /// (layer i's out differs from layer i+1's in) or the counts differ.
    /// </summary>
    public Mlp(ImmutableArray<Linear> layers, ImmutableArray<Activation> activations)
    {
        if (layers.IsDefaultOrEmpty)
        {
            throw new ArgumentException("an Mlp needs at least one layer", nameof(layers));
        }

        if (activations.IsDefault || activations.Length != layers.Length)
        {
            int count = activations.IsDefault ? 0 : activations.Length;
            throw new ArgumentException($"an Mlp with {layers.Length} layers needs {layers.Length} activations, got {count}", nameof(activations));
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
        Activations = activations;
    }

    /// <summary>The layers, input first.</summary>
    public ImmutableArray<Linear> Layers { get; init; }

    /// <summary>The activation after each layer; <c>Activations[^1]</c> is the output activation.</summary>
    public ImmutableArray<Activation> Activations { get; init; }

    /// <summary>The widths [in, hidden..., out]; the tutorial's net is [1, 10, 10, 10, 1].</summary>
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

    /// <summary>Number of input features.</summary>
    public int InputSize => Layers[0].InFeatures;

    /// <summary>Number of outputs.</summary>
    public int OutputSize => Layers[^1].OutFeatures;

    /// <summary>Total number of parameters (251 for the tutorial's net).</summary>
    public int ParameterCount => Layers.Sum(l => l.ParameterCount);

    /// <summary>
    /// Builds the activation list for a layout: <paramref name="hidden"/> after every hidden layer and
    /// <paramref name="output"/> (identity when null) after the last. Returns one entry per layer.
    /// </summary>
    [Pure]
    public static ImmutableArray<Activation> UniformActivations(int layerCount, Activation hidden, Activation? output = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layerCount, 1);
        var builder = ImmutableArray.CreateBuilder<Activation>(layerCount);
        for (int i = 0; i + 1 < layerCount; i++)
        {
            builder.Add(hidden);
        }

        builder.Add(output ?? Activation.Identity);
        return builder.MoveToImmutable();
    }

    /// <summary>
    /// Checks a layout: at least two widths, each at least 1. Throws <see cref="ArgumentException"/>
    /// naming the offending width otherwise.
    /// </summary>
    public static void ValidateLayout(IReadOnlyList<int> layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.Count < 2)
        {
            throw new ArgumentException($"a layout needs at least two widths (inputs and outputs), got {layout.Count}", nameof(layout));
        }

        for (int i = 0; i < layout.Count; i++)
        {
            if (layout[i] < 1)
            {
                throw new ArgumentException($"layout width {i} is {layout[i]}; every width must be at least 1", nameof(layout));
            }
        }
    }

    /// <summary>Returns a network of the given layout and activations with every parameter zero.</summary>
    [Pure]
    public static Mlp Zeros(IReadOnlyList<int> layout, ImmutableArray<Activation> activations)
    {
        ValidateLayout(layout);
        var layers = ImmutableArray.CreateBuilder<Linear>(layout.Count - 1);
        for (int i = 0; i + 1 < layout.Count; i++)
        {
            layers.Add(Linear.Zeros(layout[i], layout[i + 1]));
        }

        return new Mlp(layers.MoveToImmutable(), activations);
    }
}
