using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Training;

namespace Functional.Properties.Tests.Training;

/// <summary>
/// The engines' epoch orders, which are drawn a block ahead on another core, against the pure draws epoch by
/// epoch: the same orders in turn, after a jump (a resumed run or a replay asks out of turn), at the end of
/// the run, and with a validation split before them.
/// </summary>
public class EpochOrdersProperties
{
    private static readonly Arbitrary<int> Counts = Gen.OneOf(Gen.Elements(1, 2, 25, 100, 200), Gen.Choose(0, 300)).ToArbitrary();
    private static readonly Arbitrary<long> Seeds = Gen.Choose(int.MinValue, int.MaxValue).Select(static s => (long)s).ToArbitrary();

    // Long enough for the blocks to reach their largest size and lend their arrays to later blocks.
    private const int Epochs = 1_000;

    // Epochs asked for: a run in turn from its start, jumps forward and back, and the last epochs.
    private static readonly Arbitrary<int[]> Requests = Gen.OneOf(
        Gen.Choose(0, 20).Select(static start => Enumerable.Range(start, Epochs - start).ToArray()),
        Gen.ArrayOf(Gen.Choose(0, Epochs - 1), 30),
        Gen.Choose(0, Epochs - 1).Select(static jump => Enumerable.Range(0, 700).Concat(Enumerable.Range(jump, Epochs - jump)).ToArray())).ToArbitrary();

    [Property(MaxTest = 60)]
    public Property Torch_orders_are_the_loader_s_epoch_by_epoch() =>
        Prop.ForAll(Counts, Seeds, Requests, (n, seed, epochs) =>
        {
            var config = Config(seed, RandomSource.Torch, validation: n >= 10 ? 0.2 : 0.0);
            int sampleCount = n;
            int trainCount = n - (config.ValidationFraction > 0 ? DataSplit.ValidationCount(n, config.ValidationFraction) : 0);
            var generator = RandomState.TorchManualSeed(seed).Skip(RunDraws.TorchWordsBeforeEpochs(config, sampleCount));
            var expected = new int[config.Epochs][];
            for (int e = 0; e < config.Epochs; e++)
            {
                (expected[e], generator) = Batching.TorchEpochOrder(generator, trainCount, shuffle: true);
            }

            var orders = new EpochOrders(config, sampleCount, drawAhead: true);
            return epochs.All(e => expected[e].SequenceEqual(orders.Order(e, trainCount)));
        });

    [Property(MaxTest = 30)]
    public Property Drawn_in_turn_or_ahead_the_orders_are_the_same() =>
        Prop.ForAll(Counts, Seeds, Requests, (n, seed, epochs) =>
        {
            var config = Config(seed, RandomSource.Torch, validation: 0.0);
            var ahead = new EpochOrders(config, n, drawAhead: true);
            var inTurn = new EpochOrders(config, n, drawAhead: false);
            return epochs.All(e => ahead.Order(e, n).SequenceEqual(inTurn.Order(e, n)));
        });

    [Property(MaxTest = 60)]
    public Property Keyed_orders_are_the_streams_epoch_by_epoch() =>
        Prop.ForAll(Counts, Seeds, Requests, (n, seed, epochs) =>
        {
            var orders = new EpochOrders(Config(seed, RandomSource.Keyed, validation: 0.0), n, drawAhead: true);
            return epochs.All(e => RandomStreams.For(seed, StreamPurpose.Shuffle, e).Permutation(n).Values.SequenceEqual(orders.Order(e, n)));
        });

    [Property(MaxTest = 30)]
    public Property Without_shuffle_every_epoch_is_in_data_order() =>
        Prop.ForAll(Counts, Seeds, Requests, (n, seed, epochs) =>
        {
            var config = Config(seed, RandomSource.Torch, validation: 0.0) with { Batches = new BatchOptions(25, Shuffle: false) };
            var orders = new EpochOrders(config, n, drawAhead: true);
            return epochs.All(e => Enumerable.Range(0, n).SequenceEqual(orders.Order(e, n)));
        });

    private static TrainingConfig Config(long seed, RandomSource source, double validation) =>
        new(
            [1, 3, 1],
            Mlp.UniformActivations(2, Activation.Relu),
            Initializer.TorchDefault,
            new MseLoss(),
            Optimizer.Sgd(0.1),
            new BatchOptions(25),
            Epochs,
            seed,
            ValidationFraction: validation,
            Random: source);
}
