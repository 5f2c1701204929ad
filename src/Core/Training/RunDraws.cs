using System.Diagnostics.Contracts;
using Functional.Core.Data;
using Functional.Core.Model;
using Functional.Core.Random;

namespace Functional.Core.Training;

/// <summary>
/// Every random draw of a run, for either <see cref="RandomSource"/>: the initial parameters, the
/// train/validation split and each epoch's order. Keyed runs draw each from its own stream of (seed, purpose,
/// index). Torch runs draw all of them from one generator seeded with <c>torch.manual_seed(seed)</c>, in the
/// order of the PyTorch script
/// <code>
/// torch.manual_seed(seed)
/// model = MLP(layout)                                   # nn.Linear default init, then any re-init
/// train, val = random_split(dataset, [n - k, k])        # only with a validation fraction
/// loader = DataLoader(train, batch_size, shuffle)
/// for epoch in range(epochs):
///     for x, y in loader: ...                           # each epoch: random64 x 2 with shuffle, x 1 without
/// </code>
/// so the words drawn before epoch e are known from the config alone and a resumed run needs no saved generator.
/// </summary>
internal static class RunDraws
{
    /// <summary>Returns the initial parameters of <paramref name="config"/>'s run.</summary>
    [Pure]
    public static Mlp Initialize(TrainingConfig config) => config.Random == RandomSource.Torch
        ? config.Initializer.InitializeTorch(config.Layout, config.Activations, RandomState.TorchManualSeed(config.Seed)).Model
        : config.Initializer.Initialize(config.Layout, config.Activations, RandomStreams.For(config.Seed, StreamPurpose.Initialization)).Model;

    /// <summary>
    /// Returns the training and validation samples (validation null without a validation fraction). Keyed: each
    /// part in data order. Torch: <c>random_split(data, [n - k, k])</c>, each part in the permutation's order.
    /// </summary>
    [Pure]
    public static (Dataset Train, Dataset? Validation) Split(TrainingConfig config, Dataset data)
    {
        if (config.ValidationFraction <= 0.0)
        {
            return (data, null);
        }

        if (config.Random == RandomSource.Keyed)
        {
            var split = DataSplit.TrainValidation(data, config.ValidationFraction, config.Seed);
            return (split.Train, split.Validation.Count > 0 ? split.Validation : null);
        }

        int k = DataSplit.ValidationCount(data.Count, config.ValidationFraction);
        var generator = RandomState.TorchManualSeed(config.Seed).Skip(config.Initializer.TorchDrawCount(config.Layout));
        int[] permutation = generator.TorchRandPerm(data.Count).Values;
        return (data.Rows(permutation.AsSpan(0, data.Count - k)), data.Rows(permutation.AsSpan(data.Count - k)));
    }

    /// <summary>Torch: the words drawn before the first epoch (initialisation, then the split's randperm).</summary>
    [Pure]
    public static long TorchWordsBeforeEpochs(TrainingConfig config, int sampleCount)
    {
        long words = config.Initializer.TorchDrawCount(config.Layout);
        if (config.ValidationFraction > 0.0)
        {
            words += Math.Max(0, sampleCount - 1);
        }

        return words;
    }

    /// <summary>Torch: the words one epoch's <c>iter(DataLoader)</c> draws (two random64 with shuffle, one without).</summary>
    [Pure]
    public static int TorchWordsPerEpoch(bool shuffle) => shuffle ? 4 : 2;
}

/// <summary>
/// The order of each epoch of one run, for the engines: a working copy of the run's generator that advances
/// epoch by epoch (repositioned from the config when an epoch is asked for out of turn). Owned by one engine
/// and never handed out.
/// </summary>
internal sealed class EpochOrders
{
    private readonly TrainingConfig config;
    private readonly long wordsBeforeEpochs;
    private readonly uint[] global = new uint[624];
    private readonly uint[] sampler = new uint[624];
    private int position;
    private int nextEpoch = -1;

    /// <param name="config">The run.</param>
    /// <param name="sampleCount">Samples in the whole data set (before any split).</param>
    public EpochOrders(TrainingConfig config, int sampleCount)
    {
        this.config = config;
        wordsBeforeEpochs = config.Random == RandomSource.Torch ? RunDraws.TorchWordsBeforeEpochs(config, sampleCount) : 0;
    }

    /// <summary>Writes the order in which epoch <paramref name="epoch"/> (0-based) visits the training samples.</summary>
    public void FillInPlace(int epoch, Span<int> order)
    {
        if (config.Random == RandomSource.Keyed)
        {
            Batching.EpochOrderInPlace(order, config.Batches.Shuffle, config.Seed, epoch, sampler);
            return;
        }

        int perEpoch = RunDraws.TorchWordsPerEpoch(config.Batches.Shuffle);
        if (epoch != nextEpoch)
        {
            position = RandomState.TorchManualSeed(config.Seed).CopyTo(global);
            RandomState.SkipInPlace(global, ref position, wordsBeforeEpochs + (long)epoch * perEpoch);
        }

        nextEpoch = epoch + 1;
        if (config.Batches.Shuffle)
        {
            RandomState.TorchShuffleInPlace(global, ref position, sampler, order);
            return;
        }

        RandomState.SkipInPlace(global, ref position, perEpoch);
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
    }

    /// <summary>Returns the order of epoch <paramref name="epoch"/> as a fresh array of <paramref name="count"/> indices.</summary>
    public int[] Order(int epoch, int count)
    {
        var order = new int[count];
        FillInPlace(epoch, order);
        return order;
    }
}
