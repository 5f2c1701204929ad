namespace Functional.Core.Sweep;

/// <summary>
/// How <see cref="SweepEngine.Run"/> executes a grid. None of these change any number a sweep produces
/// except the timings: results are the same whatever the parallelism.
/// </summary>
/// <param name="MaxParallelism">Runs trained at the same time; 0 or less means one per processor (<see cref="Environment.ProcessorCount"/>).</param>
/// <param name="Clock">
/// A monotonic clock supplied by the host (for example a running Stopwatch's <c>Elapsed</c>). The engine reads
/// it just before and just after each run and records the difference; Core never reads a clock of its own.
/// Null records every run as taking zero time. It is called from several threads at once.
/// </param>
/// <param name="Cancellation">Stops the sweep: runs in progress stop between epochs, no new run starts, and <see cref="SweepEngine.Run"/> throws <see cref="OperationCanceledException"/>.</param>
public sealed record SweepOptions(int MaxParallelism = 0, Func<TimeSpan>? Clock = null, CancellationToken Cancellation = default)
{
    /// <summary>The default: one run per processor, no timing, no cancellation.</summary>
    public static SweepOptions Default { get; } = new();

    /// <summary>The number of runs trained at once: <see cref="MaxParallelism"/>, or the processor count when that is 0 or less.</summary>
    public int EffectiveParallelism => MaxParallelism > 0 ? MaxParallelism : Environment.ProcessorCount;
}

/// <summary>What the host learns each time a run finishes.</summary>
/// <param name="Completed">Runs finished so far, this one included (1 to <paramref name="Total"/>, increasing by one per call).</param>
/// <param name="Total">Runs in the sweep.</param>
/// <param name="Finished">The run that just finished.</param>
public sealed record SweepProgress(int Completed, int Total, SweepRunResult Finished);
