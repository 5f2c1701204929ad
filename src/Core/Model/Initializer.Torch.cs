using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using Functional.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Model;

// Initialisation as a PyTorch script draws it from the global generator, and the checks that hold for both
// generators.
public sealed partial record Initializer
{
    /// <summary>
    /// Checks that this initialiser can start <paramref name="layout"/> with <paramref name="source"/>: the layout
    /// is valid, <see cref="Tutorial"/> is only for 1-10-10-10-1, and with <see cref="RandomSource.Torch"/> the
    /// weights are drawn uniformly (PyTorch's <c>normal_</c> is not reproduced). Throws
    /// <see cref="ArgumentException"/> naming the problem.
    /// </summary>
    public void Validate(IReadOnlyList<int> layout, RandomSource source)
    {
        Mlp.ValidateLayout(layout);
        if (Weights == WeightInit.Tutorial && !TutorialParameters.Fits(layout))
        {
            throw new ArgumentException(
                $"the tutorial's printed start is for its 1-10-10-10-1 net only; the layout is {string.Join("-", layout)}",
                nameof(layout));
        }

        if (Weights == WeightInit.Given && Start is not null && !Start.Layout.SequenceEqual(layout))
        {
            throw new ArgumentException(
                $"the given start has layout {string.Join("-", Start.Layout)}; the layout is {string.Join("-", layout)}",
                nameof(layout));
        }

        if (source == RandomSource.Torch && Weights is WeightInit.XavierNormal or WeightInit.KaimingNormal)
        {
            throw new ArgumentException(
                $"'{Name}' draws from a normal distribution, which the torch generator does not reproduce; use a uniform initialiser (torch, xavier_uniform, kaiming_uniform) or the keyed generator",
                nameof(layout));
        }
    }

    /// <summary>
    /// Builds a network as a PyTorch script does after <c>torch.manual_seed</c>: every <c>nn.Linear(in, out)</c>
    /// is constructed in module order (its default init: weight <c>kaiming_uniform_(a=√5)</c>, then bias
    /// U(±1/√fan_in), each a float32 <c>uniform_</c>); then, for an initialiser other than the default, each
    /// layer's weight is drawn again (<c>xavier_uniform_</c> or <c>kaiming_uniform_</c>) and, with
    /// <c>:zero_bias</c>, its bias zeroed. Values are float32, widened exactly. <see cref="Tutorial"/> draws
    /// nothing (the printed values are copied in after the seed). Returns the network and the generator after
    /// the draws. Throws <see cref="ArgumentException"/> as <see cref="Validate"/> does.
    /// </summary>
    [Pure]
    public (Mlp Model, RandomState Next) InitializeTorch(IReadOnlyList<int> layout, ImmutableArray<Activation> activations, RandomState generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Validate(layout, RandomSource.Torch);
        if (FixedStart(activations) is { } start)
        {
            return (start, generator);
        }

        int layers = layout.Count - 1;
        var weights = new float[layers][];
        var biases = new float[layers][];
        for (int i = 0; i < layers; i++)
        {
            (weights[i], generator) = generator.TorchUniform(-LinearWeightBound(layout[i]), LinearWeightBound(layout[i]), layout[i] * layout[i + 1]);
            double biasBound = 1.0 / Math.Sqrt(layout[i]);
            (biases[i], generator) = generator.TorchUniform(-biasBound, biasBound, layout[i + 1]);
        }

        if (Weights != WeightInit.TorchDefault)
        {
            for (int i = 0; i < layers; i++)
            {
                double bound = Weights == WeightInit.XavierUniform ? XavierBound(layout[i], layout[i + 1]) : KaimingBound(layout[i]);
                (weights[i], generator) = generator.TorchUniform(-bound, bound, layout[i] * layout[i + 1]);
            }
        }

        var result = ImmutableArray.CreateBuilder<Linear>(layers);
        for (int i = 0; i < layers; i++)
        {
            var b = Vector<double>.Build.Dense(layout[i + 1]);
            if (Biases != BiasInit.Zeros)
            {
                for (int j = 0; j < b.Count; j++)
                {
                    b[j] = biases[i][j];
                }
            }

            result.Add(new Linear(Matrix<double>.Build.DenseOfRowMajor(layout[i + 1], layout[i], weights[i].Select(static v => (double)v)), b));
        }

        return (new Mlp(result.MoveToImmutable(), activations), generator);
    }

    // The network of an initialiser that draws nothing (the tutorial's printed start, a given network), else null.
    private Mlp? FixedStart(ImmutableArray<Activation> activations) => Weights switch
    {
        WeightInit.Tutorial => TutorialParameters.Create(activations),
        WeightInit.Given => GivenStart(activations),
        _ => null,
    };

    /// <summary>How many 32-bit words <see cref="InitializeTorch"/> draws for <paramref name="layout"/>.</summary>
    [Pure]
    internal long TorchDrawCount(IReadOnlyList<int> layout)
    {
        if (Weights is WeightInit.Tutorial or WeightInit.Given)
        {
            return 0;
        }

        long construction = 0, redrawn = 0;
        for (int i = 0; i + 1 < layout.Count; i++)
        {
            construction += (long)layout[i] * layout[i + 1] + layout[i + 1];
            redrawn += (long)layout[i] * layout[i + 1];
        }

        return Weights == WeightInit.TorchDefault ? construction : construction + redrawn;
    }

    // nn.Linear.reset_parameters: kaiming_uniform_(w, a=math.sqrt(5)), computed as torch.nn.init does.
    private static double LinearWeightBound(int fanIn)
    {
        double a = Math.Sqrt(5.0);
        double gain = Math.Sqrt(2.0 / (1 + a * a));
        return Math.Sqrt(3.0) * (gain / Math.Sqrt(fanIn));
    }

    // torch.nn.init.xavier_uniform_(w, gain=1): sqrt(3) * sqrt(2 / (fan_in + fan_out)).
    private static double XavierBound(int fanIn, int fanOut) => Math.Sqrt(3.0) * (1.0 * Math.Sqrt(2.0 / (fanIn + fanOut)));

    // torch.nn.init.kaiming_uniform_(w) with its defaults (a=0, fan_in, leaky_relu): gain sqrt(2).
    private static double KaimingBound(int fanIn) => Math.Sqrt(3.0) * (Math.Sqrt(2.0 / (1 + 0.0)) / Math.Sqrt(fanIn));
}
