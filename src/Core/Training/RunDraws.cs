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
