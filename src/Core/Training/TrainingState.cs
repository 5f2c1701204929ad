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
    /// <summary>The final parameters.</summary>
    public Mlp Model => State.Model;

    /// <summary>The per-epoch trace.</summary>
    public TrainingTrace Trace => State.Trace;
}

/// <summary>
/// Hooks the host passes in: progress after each epoch and a way to cancel. Core itself never prints.
/// </summary>
/// <param name="OnEpoch">Called after every completed epoch (never after a diverged epoch).</param>
/// <param name="Cancellation">Checked between epochs; when cancelled the run stops with <see cref="StopReason.Cancelled"/>.</param>
public sealed record TrainingCallbacks(Action<EpochProgress>? OnEpoch = null, CancellationToken Cancellation = default);

/// <summary>
/// What the host learns after each epoch: the epoch's record and, on request, the full resumable state
/// (built only when asked for, since it copies the trace).
/// </summary>
public sealed class EpochProgress
{
    private readonly Func<TrainingState> state;

    internal EpochProgress(EpochRecord record, int totalEpochs, Func<TrainingState> state)
    {
        Record = record;
        TotalEpochs = totalEpochs;
        this.state = state;
    }

    /// <summary>The epoch just completed.</summary>
    public EpochRecord Record { get; }

    /// <summary>The epoch the run is heading for.</summary>
    public int TotalEpochs { get; }

    /// <summary>Returns the resumable state after this epoch (valid only during the callback).</summary>
    public TrainingState ToState() => state();
}
