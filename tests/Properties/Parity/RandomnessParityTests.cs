using System.Collections.Immutable;
using System.Text.Json;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.Parity;

/// <summary>
/// The torch generator against PyTorch 1.13 itself (fixtures/randomness.json): <c>nn.Linear</c>'s initial
/// weights, <c>DataLoader</c> epoch orders and <c>random_split</c>, each bit for bit and with the generator left
/// where PyTorch leaves it (the next words drawn agree too).
/// </summary>
public sealed class RandomnessParityTests
{
    private static readonly JsonElement Fixture = ParityFixtures.Load("randomness.json");

    public static TheoryData<int> InitCases() => ParityFixtures.Cases(Fixture, "init");

    public static TheoryData<int> ShuffleCases() => ParityFixtures.Cases(Fixture, "shuffle");

    public static TheoryData<int> SplitCases() => ParityFixtures.Cases(Fixture, "split");

    [Theory]
    [MemberData(nameof(InitCases))]
    public void Initial_parameters_are_nn_Linear_s_bit_for_bit(int index)
    {
        var c = Fixture.GetProperty("init")[index];
        int[] layout = c.GetProperty("layout").Ints();
        var initializer = Initializer.Parse(c.GetProperty("init").GetString()!);
        var activations = Mlp.UniformActivations(layout.Length - 1, Activation.Relu);

        var (model, next) = initializer.InitializeTorch(layout, activations, RandomState.TorchManualSeed(c.GetProperty("seed").GetInt64()));

        Assert.Equal(c.GetProperty("parameters").Doubles(), model.ToFlatArray());
        Assert.Equal(c.GetProperty("next_words").Longs(), NextWords(next, 3));
        Assert.Equal(initializer.TorchDrawCount(layout), Drawn(RandomState.TorchManualSeed(c.GetProperty("seed").GetInt64()), next));
    }

    [Theory]
    [MemberData(nameof(ShuffleCases))]
    public void DataLoader_epoch_orders_are_PyTorch_s(int index)
    {
        var c = Fixture.GetProperty("shuffle")[index];
        int n = c.GetProperty("n").GetInt32();
        bool shuffle = c.GetProperty("shuffle").GetBoolean();
        long seed = c.GetProperty("seed").GetInt64();
        var expected = c.GetProperty("orders").EnumerateArray().Select(static o => o.Ints()).ToArray();

        var generator = RandomState.TorchManualSeed(seed);
        for (int e = 0; e < expected.Length; e++)
        {
            (int[] order, generator) = Batching.TorchEpochOrder(generator, n, shuffle);
            Assert.Equal(expected[e], order);
        }

        Assert.Equal(c.GetProperty("next_words").Longs(), NextWords(generator, 3));

        // The training engines' orders: the tutorial start draws nothing, so epoch e starts where the loader's does;
        // asked out of turn (last epoch first, as a resumed run does), they are the same.
        var config = Config(n, shuffle, seed, Initializer.Tutorial);
        var orders = new EpochOrders(config, n);
        for (int e = expected.Length - 1; e >= 0; e--)
        {
            Assert.Equal(expected[e], orders.Order(e, n));
        }

        Assert.Equal(expected[1], orders.Order(1, n));
    }

    [Theory]
    [MemberData(nameof(SplitCases))]
    public void Random_split_after_the_model_and_the_loader_over_its_training_part_are_PyTorch_s(int index)
    {
        var c = Fixture.GetProperty("split")[index];
        int n = c.GetProperty("n").GetInt32();
        int k = c.GetProperty("validation").GetInt32();
        int[] layout = c.GetProperty("layout").Ints();
        var config = Config(n, shuffle: true, c.GetProperty("seed").GetInt64(), Initializer.Parse(c.GetProperty("init").GetString()!)) with
        {
            Layout = [.. layout],
            Activations = Mlp.UniformActivations(layout.Length - 1, Activation.Relu),
            ValidationFraction = (double)k / n,
        };
        var indexData = new Dataset(Matrix<double>.Build.Dense(n, 1, (i, _) => i), Matrix<double>.Build.Dense(n, 1));

        var (train, validation) = RunDraws.Split(config, indexData);

        int[] trainIndices = train.X.Column(0).Select(static v => (int)v).ToArray();
        Assert.Equal(c.GetProperty("train").Ints(), trainIndices);
        Assert.Equal(c.GetProperty("validation_indices").Ints(), validation!.X.Column(0).Select(static v => (int)v).ToArray());
        var orders = new EpochOrders(config, n);
        var expected = c.GetProperty("orders").EnumerateArray().Select(static o => o.Ints()).ToArray();
        for (int e = 0; e < expected.Length; e++)
        {
            Assert.Equal(expected[e], orders.Order(e, n - k).Select(i => trainIndices[i]).ToArray());
        }
    }

    [Fact]
    public void The_tutorial_data_is_NumPy_s_bit_for_bit()
    {
        var data = TutorialData.Generate();
        var expected = Fixture.GetProperty("tutorial_data");

        Assert.Equal(expected.GetProperty("x").Doubles(), data.X.Column(0).ToArray());
        Assert.Equal(expected.GetProperty("y").Doubles(), data.Y.Column(0).ToArray());
    }

    private static TrainingConfig Config(int n, bool shuffle, long seed, Initializer initializer) => new(
        [.. TutorialParameters.Layout],
        Mlp.UniformActivations(4, Activation.Relu),
        initializer,
        new MseLoss(),
        Optimizer.Adam(1e-4),
        new BatchOptions(25, Shuffle: shuffle),
        Epochs: 3,
        seed,
        Random: RandomSource.Torch);

    // torch.randint(0, 2**31) takes one word per value: the word mod 2^31.
    private static long[] NextWords(RandomState generator, int count) =>
        generator.NextUInt32(count).Values.Select(static w => (long)(w % (1u << 31))).ToArray();

    // How many words lie between two states of one generator (found by stepping the first until it equals the second).
    private static long Drawn(RandomState from, RandomState to)
    {
        for (long words = 0; words < 100_000; words++)
        {
            if (from.Skip(words).Equals(to))
            {
                return words;
            }
        }

        return -1;
    }
}
