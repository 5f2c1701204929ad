using System.Diagnostics.Contracts;
using Functional.Core.Data;
using Functional.Core.Optim;
using Functional.Core.Training;

namespace Functional.Core.Serialization;

/// <summary>
/// A run saved part-way: its description and where it stands (parameters, optimizer state, epochs done,
/// trace, early-stopping counters). Continuing it with <see cref="Resume"/> gives, epoch for epoch and bit
/// for bit, what the uninterrupted run would have given: every shuffle and the validation split follow from
/// the run's settings and the epoch (keyed streams of (seed, epoch), or the torch generator after a number
/// of draws the settings fix), so no generator state needs saving beyond the seed and generator.
/// </summary>
/// <param name="Run">The run's settings.</param>
/// <param name="State">The state after <c>State.Epoch</c> epochs.</param>
public sealed record Checkpoint(RunSpec Run, TrainingState State)
{
    /// <summary>
    /// True when the run had stopped early: its early-stopping rule was met at <c>State.Epoch</c>, so the
    /// uninterrupted run would train no further.
    /// </summary>
    public bool StoppedEarly => Run.EarlyStopping is { } rule && State.EpochsWithoutImprovement >= rule.Patience;

    /// <summary>
    /// Continues the run on <paramref name="data"/> (the data it was trained on) up to epoch
    /// <paramref name="epochs"/> (by default the run's own target). Returns the result as
    /// <see cref="Trainer.Continue"/> does, its trace starting at epoch 1; a run that had stopped early
    /// (<see cref="StoppedEarly"/>) is returned as it is, as <see cref="StopReason.EarlyStopped"/>. Throws
    /// <see cref="ArgumentException"/> when <paramref name="epochs"/> is below the epochs already done.
    /// </summary>
    public TrainingResult Resume(Dataset data, int? epochs = null, TrainingCallbacks? callbacks = null)
    {
        int target = epochs ?? Run.Epochs;
        if (target < State.Epoch)
        {
            throw new ArgumentException($"the checkpoint is at epoch {State.Epoch}; cannot resume to epoch {target}", nameof(epochs));
        }

        var config = Run.ToConfig() with { Epochs = target };
        return StoppedEarly
            ? new TrainingResult(State, StopReason.EarlyStopped)
            : Trainer.Continue(config, data, State, callbacks);
    }
}
