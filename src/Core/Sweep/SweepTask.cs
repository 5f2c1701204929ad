using System.Diagnostics.Contracts;
using Functional.Core.Data;
using Functional.Core.Optim;
using Functional.Core.Serialization;
using Functional.Core.Training;

namespace Functional.Core.Sweep;

/// <summary>What a sweep trains on and how its runs are judged.</summary>
public enum SweepTask
{
    /// <summary>The tutorial's non-linear regression (one input, one target); runs are ranked by their error.</summary>
    Regression,

    /// <summary>The tutorial's XOR problem; every run is also judged solved or not.</summary>
    Xor,
}

/// <summary>
/// The defaults a sweep takes from its task when the grid does not say otherwise. They follow the
/// tutorial's two replays, except the epoch counts, which are cut down so that a grid of runs stays quick.
/// </summary>
public static class SweepTasks
{
    /// <summary>Default epochs per regression run in a sweep (the replay itself runs 50,000).</summary>
    public const int RegressionEpochs = 2_000;

    /// <summary>Default epochs per XOR run in a sweep (as the tutorial's XOR replay).</summary>
    public const int XorEpochs = 1_000;

    /// <summary>The task names <see cref="Parse"/> reads: regression, xor.</summary>
    public static IReadOnlyList<string> Names { get; } = ["regression", "xor"];

    /// <summary>Returns the task's name as <see cref="Parse"/> reads it.</summary>
    [Pure]
    public static string Name(SweepTask task) => task switch
    {
        SweepTask.Regression => "regression",
        SweepTask.Xor => "xor",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "unknown sweep task"),
    };

    /// <summary>Parses a task name (case-insensitive). Throws <see cref="FormatException"/> naming the valid ones.</summary>
    [Pure]
    public static SweepTask Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "regression" => SweepTask.Regression,
            "xor" => SweepTask.Xor,
            _ => throw new FormatException($"unknown task '{text}'; valid: {string.Join(", ", Names)}"),
        };
    }

    /// <summary>Returns the default epochs per run: <see cref="RegressionEpochs"/> or <see cref="XorEpochs"/>.</summary>
    [Pure]
    public static int DefaultEpochs(SweepTask task) => task == SweepTask.Xor ? XorEpochs : RegressionEpochs;

    /// <summary>Returns the optimizer the tutorial used for the task: adam (regression) or adamw (XOR).</summary>
    [Pure]
    public static string TutorialOptimizer(SweepTask task) => TutorialRun(task).Optimizer.Name;

    /// <summary>Returns the tutorial's learning rate for the task: 1e-4 (regression, Adam) or 0.03 (XOR, AdamW).</summary>
    [Pure]
    public static double TutorialLearningRate(SweepTask task) => TutorialRun(task).Optimizer.EffectiveLearningRate;

    /// <summary>
    /// Returns the learning rate a sweep uses for <paramref name="optimizer"/> when none is given: the
    /// tutorial's rate for the tutorial's optimizer of the task (adam 1e-4 for regression, adamw 0.03 for
    /// XOR), PyTorch's default for every other (<see cref="OptimizerSpec.DefaultLearningRate"/>).
    /// Throws <see cref="ArgumentException"/> for an unknown optimizer name.
    /// </summary>
    [Pure]
    public static double DefaultLearningRate(SweepTask task, string optimizer)
    {
        double fallback = OptimizerSpec.Named(optimizer).DefaultLearningRate;
        return string.Equals(optimizer.Trim(), TutorialOptimizer(task), StringComparison.OrdinalIgnoreCase)
            ? TutorialLearningRate(task)
            : fallback;
    }

    /// <summary>
    /// Whether the task's batches are reshuffled every epoch: yes for the regression (as the tutorial's
    /// DataLoader), no for XOR (the tutorial feeds the four points in order as one batch).
    /// </summary>
    [Pure]
    public static bool Shuffles(SweepTask task) => TutorialRun(task).Batches.Shuffle;

    /// <summary>
    /// Returns the tutorial's data for the task: the seed-42 regression sample (100 rows, X and Y of shape
    /// (100, 1)) or the XOR truth table (X (4, 2), Y (4, 1)); fresh matrices on every call.
    /// </summary>
    [Pure]
    public static Dataset TutorialData(SweepTask task) => task == SweepTask.Xor ? XorData.Create() : Data.TutorialData.Generate();

    // The replay the task follows (TutorialRuns holds its defaults).
    private static RunSpec TutorialRun(SweepTask task) => task == SweepTask.Xor ? TutorialRuns.XorRun : TutorialRuns.RegressionRun;
}
