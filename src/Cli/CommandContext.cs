using Functional.Core.Training;

namespace Functional.Cli;

/// <summary>Where a command writes: the process's stdout and stderr, or test writers.</summary>
internal sealed record CommandContext(TextWriter Out, TextWriter Error)
{
    /// <summary>
    /// A test hook standing in for Ctrl+C: called after every epoch, and when it returns true the run is
    /// cancelled exactly as the Ctrl+C handler cancels it. Null outside tests.
    /// </summary>
    public Func<EpochRecord, bool>? InterruptAfter { get; init; }

    /// <summary>
    /// The same stand-in for a sweep: called with the number of runs completed after each run ends, and when
    /// it returns true the sweep is cancelled exactly as Ctrl+C cancels it. Null outside tests.
    /// </summary>
    public Func<int, bool>? InterruptSweepAfter { get; init; }

    /// <summary>A test hook: called with the epoch of every periodic (--checkpoint-every) checkpoint written. Null outside tests.</summary>
    public Action<int>? PeriodicCheckpointWritten { get; init; }
}
