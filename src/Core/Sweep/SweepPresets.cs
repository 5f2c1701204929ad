using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using Functional.Core.Model;
using Functional.Core.Optim;

namespace Functional.Core.Sweep;

/// <summary>Ready-made grids for the tutorial's exercises.</summary>
public static class SweepPresets
{
    /// <summary>The preset names: tutorial, xor.</summary>
    public static IReadOnlyList<string> Names { get; } = ["tutorial", "xor"];

    /// <summary>Default seeds per configuration of <see cref="Tutorial"/>.</summary>
    public const int TutorialSeeds = 3;

    /// <summary>Default seeds per configuration of <see cref="Xor"/>: XOR runs are cheap and their outcome varies with the seed.</summary>
    public const int XorSeeds = 20;

    /// <summary>
    /// The learning rate the XOR preset gives SGD. PyTorch's default (0.01) barely moves a sigmoid net in
    /// 1,000 full-batch epochs, which would make the comparison with AdamW empty; 0.5 is a rate at which
    /// plain SGD can solve XOR in that budget.
    /// </summary>
    public const double XorSgdLearningRate = 0.5;

    /// <summary>
    /// The regression exercises: layouts 1-10-10-10-1, 1-32-32-1 and 1-64-1; activations relu, tanh and
    /// sigmoid; optimizers adam, sgd and rmsprop at their sweep defaults (adam at the tutorial's 1e-4, the
    /// others at PyTorch's 0.01); batches of 25 and the whole data set at once. 54 configurations.
    /// </summary>
    [Pure]
    public static SweepGrid Tutorial(int seeds = TutorialSeeds, int epochs = SweepTasks.RegressionEpochs, long seedBase = 42) => new(
        SweepTask.Regression,
        [[1, 10, 10, 10, 1], [1, 32, 32, 1], [1, 64, 1]],
        [Activation.Relu, Activation.Tanh, Activation.Sigmoid],
        [new OptimizerSpec.Adam(), new OptimizerSpec.Sgd(), new OptimizerSpec.RmsProp()],
        [],
        [25, int.MaxValue],
        seeds,
        epochs,
        seedBase);

    /// <summary>
    /// The XOR comparisons: layouts 2-2-1 (the tutorial's) and 2-4-1; sigmoid and tanh; AdamW at the
    /// tutorial's 0.03 (weight decay 0.01) and SGD at <see cref="XorSgdLearningRate"/>; full batch.
    /// 8 configurations.
    /// </summary>
    [Pure]
    public static SweepGrid Xor(int seeds = XorSeeds, int epochs = SweepTasks.XorEpochs, long seedBase = 42) => new(
        SweepTask.Xor,
        [[2, 2, 1], [2, 4, 1]],
        [Activation.Sigmoid, Activation.Tanh],
        [new OptimizerSpec.AdamW(), new OptimizerSpec.Sgd { LearningRate = XorSgdLearningRate }],
        [],
        [int.MaxValue],
        seeds,
        epochs,
        seedBase);

    /// <summary>
    /// Returns the preset named <paramref name="name"/> (case-insensitive) with the given seeds and epochs
    /// (null for the preset's defaults). Throws <see cref="FormatException"/> naming the valid presets.
    /// </summary>
    [Pure]
    public static SweepGrid Named(string name, int? seeds = null, int? epochs = null, long seedBase = 42)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "tutorial" => Tutorial(seeds ?? TutorialSeeds, epochs ?? SweepTasks.RegressionEpochs, seedBase),
            "xor" => Xor(seeds ?? XorSeeds, epochs ?? SweepTasks.XorEpochs, seedBase),
            _ => throw new FormatException($"unknown preset '{name}'; valid: {string.Join(", ", Names)}"),
        };
    }
}
