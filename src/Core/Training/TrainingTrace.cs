using System.Collections.Immutable;

namespace Functional.Core.Training;

/// <summary>What one epoch produced.</summary>
/// <param name="Epoch">The epoch's number, from 1.</param>
/// <param name="Loss">The sum of the epoch's batch losses (what the tutorial logs).</param>
/// <param name="ValidationLoss">The mean loss on the validation set after the epoch, when a split is set.</param>
public sealed record EpochRecord(int Epoch, double Loss, double? ValidationLoss = null);

/// <summary>Why a run stopped.</summary>
public enum StopReason
{
    /// <summary>All requested epochs ran.</summary>
    Completed,

    /// <summary>Early stopping: the monitored loss stopped improving.</summary>
    EarlyStopped,

    /// <summary>A loss became NaN or infinite; the state is the last finite one.</summary>
    Diverged,

    /// <summary>The caller cancelled (for example Ctrl+C); the state is the last completed epoch.</summary>
    Cancelled,
}

/// <summary>
/// Early stopping: stop when the monitored loss (validation loss when there is a split, else the epoch's
/// summed training loss) has not improved by more than <paramref name="MinDelta"/> for
/// <paramref name="Patience"/> epochs in a row.
/// </summary>
/// <param name="Patience">Epochs without improvement before stopping; at least 1.</param>
/// <param name="MinDelta">The smallest decrease that counts as an improvement; at least 0.</param>
public sealed record EarlyStopping(int Patience, double MinDelta = 0.0);

/// <summary>The trace of a run: one record per completed epoch, in order.</summary>
/// <param name="Epochs">The records, epoch 1 first.</param>
public sealed record TrainingTrace(ImmutableArray<EpochRecord> Epochs)
{
    /// <summary>A trace with no epochs.</summary>
    public static TrainingTrace Empty { get; } = new(ImmutableArray<EpochRecord>.Empty);

    /// <summary>The last record, or null for an empty trace.</summary>
    public EpochRecord? Last => Epochs.IsEmpty ? null : Epochs[^1];
}
