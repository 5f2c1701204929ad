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
}
