using Functional.Core.Model;
using Functional.Core.Optim;

namespace Functional.Core.Training;

/// <summary>
/// Where a run stands after a number of epochs: enough to continue it exactly (the shuffle of each epoch
/// follows from the config and the epoch: a keyed stream of (seed, epoch), or the torch generator after a
/// number of draws the config fixes; so no generator state needs carrying).
/// </summary>
/// <param name="Model">The parameters.</param>
/// <param name="OptimizerState">The optimizer's state.</param>
/// <param name="Epoch">Epochs completed so far.</param>
/// <param name="Trace">The records of those epochs.</param>
/// <param name="BestMonitored">Early stopping: the best monitored loss so far (infinity before the first epoch).</param>
/// <param name="EpochsWithoutImprovement">Early stopping: epochs since the best.</param>
public sealed record TrainingState(
    Mlp Model,
    TransformState OptimizerState,
    int Epoch,
    TrainingTrace Trace,
    double BestMonitored = double.PositiveInfinity,
    int EpochsWithoutImprovement = 0);

/// <summary>The outcome of <see cref="Trainer.Train(TrainingConfig, Data.Dataset, TrainingCallbacks?)"/>.</summary>
/// <param name="State">The final state (for a diverged run, the last finite one).</param>
/// <param name="Reason">Why the run stopped.</param>
/// <param name="DivergedAtEpoch">For a diverged run, the epoch whose loss was not finite.</param>
public sealed record TrainingResult(TrainingState State, StopReason Reason, int? DivergedAtEpoch = null)
{
    /// <summary>
    /// Which path the optimizer's updates took: <see cref="TrainingPath.Fused"/> when its
    /// <see cref="Optim.GradientTransformation.Kernel"/> ran in place, <see cref="TrainingPath.Reference"/> when
    /// its pure Update ran every step. Both give the same bits; the fused path is several times faster. A
    /// result made otherwise than by a run (by hand, or from a stored state without training) reports
    /// <see cref="TrainingPath.Reference"/>.
    /// </summary>
    public TrainingPath Path { get; init; }

    /// <summary>The final parameters.</summary>
    public Mlp Model => State.Model;

    /// <summary>The per-epoch trace.</summary>
    public TrainingTrace Trace => State.Trace;
}

/// <summary>How a run's optimizer updates were computed (see <see cref="TrainingResult.Path"/>).</summary>
public enum TrainingPath
{
    /// <summary>
    /// The optimizer's pure Update on fresh parameter trees every step: the path of a transformation without a
    /// <see cref="Optim.GradientTransformation.Kernel"/> (a hand-made or wrapped one), or whose state the kernel
    /// does not accept.
    /// </summary>
    Reference,

    /// <summary>The optimizer's kernel, in place on flat buffers the run owns, fused with the forward and backward pass.</summary>
    Fused,
}

/// <summary>
/// Hooks the host passes in: progress after each epoch and a way to cancel. Core itself never prints.
/// </summary>
/// <param name="OnEpoch">Called after every completed epoch (never after a diverged epoch).</param>
/// <param name="Cancellation">Checked between epochs; when cancelled the run stops with <see cref="StopReason.Cancelled"/>.</param>
public sealed record TrainingCallbacks(Action<EpochProgress>? OnEpoch = null, CancellationToken Cancellation = default);

/// <summary>
/// What the host learns after each epoch: the epoch's record and, on request, the full resumable state
/// (built only when asked for, since it copies the trace). A progress value never changes: its state is
/// the state after its epoch, whenever it is asked for.
/// </summary>
public sealed class EpochProgress
{
    private readonly Func<int, TrainingState> stateAfter;
    private TrainingState? state;

    internal EpochProgress(EpochRecord record, int totalEpochs, Func<int, TrainingState> stateAfter)
    {
        Record = record;
        TotalEpochs = totalEpochs;
        this.stateAfter = stateAfter;
    }

    /// <summary>The epoch just completed.</summary>
    public EpochRecord Record { get; }

    /// <summary>The epoch the run is heading for.</summary>
    public int TotalEpochs { get; }

    /// <summary>
    /// Returns the resumable state after this epoch; every call returns the same record. Asked for during the
    /// callback, it is built from the run's current state; asked for first after the run has moved on, it is
    /// recomputed by replaying the run from its start to this epoch (the same bits, at the cost of that many
    /// epochs). Not to be called from another thread while the run is going on.
    /// </summary>
    public TrainingState ToState() => state ??= stateAfter(Record.Epoch);
}
