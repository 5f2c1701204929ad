using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using Functional.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Model;

/// <summary>How weights are drawn.</summary>
public enum WeightInit
{
    /// <summary>PyTorch's default for <c>nn.Linear</c>: U(-1/√fan_in, 1/√fan_in) (Kaiming-uniform with a = √5).</summary>
    TorchDefault,

    /// <summary>Xavier/Glorot uniform: U(-b, b), b = √(6 / (fan_in + fan_out)).</summary>
    XavierUniform,

    /// <summary>Xavier/Glorot normal: N(0, 2 / (fan_in + fan_out)).</summary>
    XavierNormal,

    /// <summary>He/Kaiming uniform for ReLU (PyTorch's <c>kaiming_uniform_</c> defaults): U(-b, b), b = √(6 / fan_in).</summary>
    KaimingUniform,

    /// <summary>He/Kaiming normal for ReLU: N(0, 2 / fan_in).</summary>
    KaimingNormal,

    /// <summary>
    /// The tutorial's printed initial parameters (<see cref="TutorialParameters"/>), weights and biases; only
    /// for the layout 1-10-10-10-1. Draws nothing.
    /// </summary>
    Tutorial,

    /// <summary>
    /// The parameters of a given network (<see cref="Initializer.From"/>), for fine-tuning a model brought in
    /// from elsewhere (an ONNX file). Draws nothing.
    /// </summary>
    Given,
}

/// <summary>How biases are set.</summary>
public enum BiasInit
{
    /// <summary>PyTorch's default: U(-1/√fan_in, 1/√fan_in).</summary>
    TorchDefault,

    /// <summary>All zero.</summary>
    Zeros,
}

/// <summary>
/// Seeded initialisation of a network. Randomness arrives only as a <see cref="RandomState"/> argument and
/// the advanced state is returned: the same state gives the same parameters.
/// </summary>
/// <param name="Weights">How weights are drawn.</param>
/// <param name="Biases">How biases are set.</param>
public sealed partial record Initializer(WeightInit Weights = WeightInit.TorchDefault, BiasInit Biases = BiasInit.TorchDefault)
{
    /// <summary>PyTorch's default initialisation of <c>nn.Linear</c> (weights and biases uniform in ±1/√fan_in).</summary>
    public static Initializer TorchDefault { get; } = new();

    /// <summary>The tutorial's printed initial parameters (layout 1-10-10-10-1 only).</summary>
    public static Initializer Tutorial { get; } = new(WeightInit.Tutorial);

    /// <summary>Names accepted by <see cref="Parse"/>.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["torch", "tutorial", "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal"];

    /// <summary>
    /// Parses <c>torch</c>, <c>tutorial</c>, <c>xavier_uniform</c>, <c>xavier_normal</c>, <c>kaiming_uniform</c>,
    /// <c>kaiming_normal</c>, each but <c>tutorial</c> optionally followed by <c>:zero_bias</c>.
    /// Throws <see cref="FormatException"/> listing the valid names otherwise.
    /// </summary>
    [Pure]
    public static Initializer Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Trim().ToLowerInvariant().Replace("-", "_", StringComparison.Ordinal).Split(':', 2);
        var weights = parts[0] switch
        {
            "torch" or "default" => WeightInit.TorchDefault,
            "xavier_uniform" or "glorot_uniform" => WeightInit.XavierUniform,
            "xavier_normal" or "glorot_normal" => WeightInit.XavierNormal,
            "kaiming_uniform" or "he_uniform" => WeightInit.KaimingUniform,
            "kaiming_normal" or "he_normal" => WeightInit.KaimingNormal,
            "tutorial" => WeightInit.Tutorial,
            "given" => throw new FormatException($"initialiser '{text}': a given start comes from a file; use onnx:FILE"),
            _ => throw new FormatException($"unknown initialiser '{text}'; valid: {string.Join(", ", Names)} (optionally with :zero_bias)"),
        };
        if (parts.Length == 2 && parts[1] is not ("zero_bias" or "zeros"))
        {
            throw new FormatException($"initialiser '{text}': the only suffix is ':zero_bias'");
        }

        if (parts.Length == 2 && weights == WeightInit.Tutorial)
        {
            throw new FormatException($"initialiser '{text}': the tutorial's printed start includes its biases; it takes no ':zero_bias'");
        }

        return new Initializer(weights, parts.Length == 2 ? BiasInit.Zeros : BiasInit.TorchDefault);
    }

    /// <summary>The name as <see cref="Parse"/> reads it back.</summary>
    public string Name
    {
        get
        {
            string w = Weights switch
            {
                WeightInit.TorchDefault => "torch",
                WeightInit.XavierUniform => "xavier_uniform",
                WeightInit.XavierNormal => "xavier_normal",
                WeightInit.KaimingUniform => "kaiming_uniform",
                WeightInit.KaimingNormal => "kaiming_normal",
                WeightInit.Tutorial => "tutorial",
                WeightInit.Given => "given",
                _ => throw new InvalidOperationException($"unknown weight init {Weights}"),
            };
            return Biases == BiasInit.Zeros ? w + ":zero_bias" : w;
        }
    }

    /// <summary>
    /// Draws a network of the given layout and activations from NumPy-legacy draws. Layer by layer, weights are
    /// drawn row by row (the order PyTorch fills an (out, in) tensor), then biases; <see cref="Tutorial"/> draws
    /// nothing. Returns the network and the advanced state. Throws <see cref="ArgumentException"/> for a layout
    /// with fewer than two widths or a width below 1, or a layout <see cref="Tutorial"/> does not fit.
    /// </summary>
    [Pure]
    public (Mlp Model, RandomState Next) Initialize(IReadOnlyList<int> layout, ImmutableArray<Activation> activations, RandomState random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Validate(layout, RandomSource.Keyed);
        if (FixedStart(activations) is { } start)
        {
            return (start, random);
        }

        var layers = ImmutableArray.CreateBuilder<Linear>(layout.Count - 1);
        for (int i = 0; i + 1 < layout.Count; i++)
        {
            int fanIn = layout[i], fanOut = layout[i + 1];
            (double[] w, random) = DrawWeights(fanIn, fanOut, random);
            double[] b;
            if (Biases == BiasInit.Zeros)
            {
                b = new double[fanOut];
            }
            else
            {
                double bound = 1.0 / Math.Sqrt(fanIn);
                (b, random) = random.Uniform(-bound, bound, fanOut);
            }

            layers.Add(new Linear(Matrix<double>.Build.DenseOfRowMajor(fanOut, fanIn, w), Vector<double>.Build.DenseOfArray(b)));
        }

        return (new Mlp(layers.MoveToImmutable(), activations), random);
    }

    /// <summary>Initialises a network from a seed: draws from the keyed stream (seed, Initialization).</summary>
    [Pure]
    public Mlp Initialize(IReadOnlyList<int> layout, ImmutableArray<Activation> activations, long seed) =>
        Initialize(layout, activations, RandomStreams.For(seed, StreamPurpose.Initialization)).Model;

    private (double[] Values, RandomState Next) DrawWeights(int fanIn, int fanOut, RandomState random)
    {
        int count = fanIn * fanOut;
        switch (Weights)
        {
            case WeightInit.TorchDefault:
                double torchBound = 1.0 / Math.Sqrt(fanIn);
                return random.Uniform(-torchBound, torchBound, count);
            case WeightInit.XavierUniform:
                double xavierBound = Math.Sqrt(6.0 / (fanIn + fanOut));
                return random.Uniform(-xavierBound, xavierBound, count);
            case WeightInit.XavierNormal:
                return random.Normal(0.0, Math.Sqrt(2.0 / (fanIn + fanOut)), count);
            case WeightInit.KaimingUniform:
                double kaimingBound = Math.Sqrt(6.0 / fanIn);
                return random.Uniform(-kaimingBound, kaimingBound, count);
            case WeightInit.KaimingNormal:
                return random.Normal(0.0, Math.Sqrt(2.0 / fanIn), count);
            default:
                throw new InvalidOperationException($"unknown weight init {Weights}");
        }
    }
}
