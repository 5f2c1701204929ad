using System.Diagnostics.Contracts;
using Functional.Core.Data;
using Functional.Core.Model;
using Functional.Core.Training;

namespace Functional.Core.Sweep;

/// <summary>
/// The outcome of one run of a sweep. A diverged run (a loss or parameter became NaN or infinite) keeps its
/// last finite state in <see cref="Training"/> but reports <see cref="FinalLoss"/> and
/// <see cref="FinalMse"/> as NaN and is never solved.
/// </summary>
/// <param name="Run">The run: configuration, seed and training config.</param>
/// <param name="Training">The trainer's result: final state, trace and stop reason.</param>
/// <param name="FinalLoss">The last epoch's summed batch loss (what the tutorial logs); NaN when diverged or no epoch ran.</param>
/// <param name="FinalMse">The final network's mean squared error on the whole data set; NaN when diverged.</param>
/// <param name="Solved">XOR: whether every rounded output equals its target; null for regression.</param>
/// <param name="Elapsed">Time the run took by the host's clock (zero without one).</param>
public sealed record SweepRunResult(
    SweepRun Run,
    TrainingResult Training,
    double FinalLoss,
    double FinalMse,
    bool? Solved,
    TimeSpan Elapsed)
{
    /// <summary>The configuration trained.</summary>
    public SweepConfiguration Configuration => Run.Configuration;

    /// <summary>The run's seed.</summary>
    public long Seed => Run.Seed;

    /// <summary>Why the run stopped (completed or diverged).</summary>
    public StopReason Reason => Training.Reason;

    /// <summary>Whether the loss became NaN or infinite.</summary>
    public bool Diverged => Training.Reason == StopReason.Diverged;

    /// <summary>Epochs completed (for a diverged run, those before the one that blew up).</summary>
    public int Epochs => Training.State.Epoch;

    /// <summary>The trained network (for a diverged run, the last finite one).</summary>
    public Mlp Model => Training.Model;

    /// <summary>
    /// Returns the result of a finished training run: the final loss from the trace, the MSE of the final
    /// network on <paramref name="data"/> and, for XOR, whether it solves the data.
    /// </summary>
    [Pure]
    public static SweepRunResult Evaluate(SweepRun run, TrainingResult training, Dataset data, SweepTask task, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(data);
        bool diverged = training.Reason == StopReason.Diverged;
        double loss = diverged ? double.NaN : training.Trace.Last?.Loss ?? double.NaN;
        double mse = diverged ? double.NaN : SweepMetrics.MeanSquaredError(training.Model, data);
        bool? solved = task == SweepTask.Xor ? !diverged && SweepMetrics.Solves(training.Model, data) : null;
        return new SweepRunResult(run, training, loss, mse, solved, elapsed);
    }
}
