using System.Collections.Immutable;
using FsCheck.Xunit;
using Functional.Core.Model;
using Functional.Core.Random;

namespace Functional.Properties.Tests.Model;

public class InitializerProperties
{
    private static readonly int[] TutorialLayout = [1, 10, 10, 10, 1];
    private static readonly ImmutableArray<Activation> TutorialActivations = Mlp.UniformActivations(4, Activation.Relu);

    [Property(MaxTest = 100)]
    public void Torch_default_values_lie_within_one_over_sqrt_fan_in(int seed)
    {
        var model = Initializer.TorchDefault.Initialize(TutorialLayout, TutorialActivations, seed);
        foreach (var layer in model.Layers)
        {
            double bound = 1.0 / Math.Sqrt(layer.InFeatures);
            Assert.All(layer.W.Enumerate(), w => Assert.InRange(w, -bound, bound));
            Assert.All(layer.B.Enumerate(), b => Assert.InRange(b, -bound, bound));
        }
    }

    [Property(MaxTest = 50)]
    public void Uniform_schemes_respect_their_bounds(int seed)
    {
        int[] layout = [3, 7, 5];
        var activations = Mlp.UniformActivations(2, Activation.Relu);
        var xavier = new Initializer(WeightInit.XavierUniform, BiasInit.Zeros).Initialize(layout, activations, seed);
        var kaiming = new Initializer(WeightInit.KaimingUniform).Initialize(layout, activations, seed);
        for (int i = 0; i < 2; i++)
        {
            int fanIn = layout[i], fanOut = layout[i + 1];
            double xb = Math.Sqrt(6.0 / (fanIn + fanOut)), kb = Math.Sqrt(6.0 / fanIn);
            Assert.All(xavier.Layers[i].W.Enumerate(), w => Assert.InRange(w, -xb, xb));
            Assert.All(xavier.Layers[i].B.Enumerate(), b => Assert.Equal(0.0, b));
            Assert.All(kaiming.Layers[i].W.Enumerate(), w => Assert.InRange(w, -kb, kb));
        }
    }

    [Property(MaxTest = 50)]
    public void Same_seed_gives_identical_parameters_and_different_seeds_differ(int seed)
    {
        var a = Initializer.TorchDefault.Initialize(TutorialLayout, TutorialActivations, seed).ToFlatArray();
        var b = Initializer.TorchDefault.Initialize(TutorialLayout, TutorialActivations, seed).ToFlatArray();
        var c = Initializer.TorchDefault.Initialize(TutorialLayout, TutorialActivations, (long)seed + 1).ToFlatArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData(WeightInit.TorchDefault)]
    [InlineData(WeightInit.XavierUniform)]
    [InlineData(WeightInit.XavierNormal)]
    [InlineData(WeightInit.KaimingUniform)]
    [InlineData(WeightInit.KaimingNormal)]
    public void Wide_layer_sample_mean_and_variance_match_the_distribution(WeightInit scheme)
    {
        const int fanIn = 400, fanOut = 300; // 120,000 weights
        var model = new Initializer(scheme).Initialize([fanIn, fanOut], [Activation.Identity], RandomState.Seed(7)).Model;
        double[] w = model.Layers[0].W.ToColumnMajorArray();
        double mean = w.Average();
        double variance = w.Sum(v => (v - mean) * (v - mean)) / (w.Length - 1);

        // Variance of U(-b, b) is b²/3; of N(0, s²) is s².
        double expected = scheme switch
        {
            WeightInit.TorchDefault => 1.0 / fanIn / 3.0,
            WeightInit.XavierUniform => 6.0 / (fanIn + fanOut) / 3.0,
            WeightInit.XavierNormal => 2.0 / (fanIn + fanOut),
            WeightInit.KaimingUniform => 6.0 / fanIn / 3.0,
            WeightInit.KaimingNormal => 2.0 / fanIn,
            _ => throw new ArgumentOutOfRangeException(nameof(scheme)),
        };

        // Standard error of the mean is sqrt(var/n) ≈ 0.003·sqrt(var); allow 5 of them. The sample
        // variance's relative standard error is about sqrt(2/n) ≈ 0.4 % (normal) or less (uniform): allow 3 %.
        Assert.InRange(mean, -5 * Math.Sqrt(expected / w.Length), 5 * Math.Sqrt(expected / w.Length));
        Assert.InRange(variance / expected, 0.97, 1.03);
    }

    [Fact]
    public void Initial_weights_follow_the_numpy_stream_row_by_row()
    {
        // With a seeded RandomState the first layer of a 1-wide input is U(-1, 1): -1 + 2·random_sample.
        // NumPy's published seed-42 draws are 0.3745401188473625, 0.9507143064099162, ...
        var (model, _) = Initializer.TorchDefault.Initialize([1, 2, 1], [Activation.Relu, Activation.Identity], RandomState.Seed(42));
        Assert.Equal(-1 + 2 * 0.3745401188473625, model.Layers[0].W[0, 0], 15);
        Assert.Equal(-1 + 2 * 0.9507143064099162, model.Layers[0].W[1, 0], 15);
    }
}
