using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using Functional.Core.Data;
using Functional.Core.Training;

namespace Functional.Core.Sweep;

/// <summary>
/// Runs a sweep: every run of a grid, several at a time across the processors. Each run is one ordinary
/// call of <see cref="Trainer.Train"/> on one thread, a pure function of its config and the data, so the
/// numbers of a sweep are the same whatever the parallelism; only the timings differ.
/// </summary>
public static class SweepEngine
{
    /// <summary>
    /// Trains every run of <paramref name="grid"/> on <paramref name="data"/> (X of shape (n, in), Y of shape
    /// (n, out); shared read-only by all runs) and returns the results in run-index order with one summary
    /// per configuration. <paramref name="progress"/>, when given, is called once per finished run, on a
    /// worker thread but never concurrently (calls are serialised, with <see cref="SweepProgress.Completed"/>
    /// counting up by one). Throws <see cref="ArgumentException"/> for an invalid grid or a layout that does
    /// not fit the data, and <see cref="OperationCanceledException"/> when cancelled. A diverged run is a
    /// result, not an error.
    /// </summary>
    /// <remarks>
    /// MathNet.Numerics splits matrix products across threads on its own when they are big enough, and a
    /// batch of 100 through a 64-wide layer already is; for nets this small that costs more than it gains
    /// and makes runs fight over the cores. The engine does not touch that process-wide setting: a host that
    /// wants one thread per run sets <c>MathNet.Numerics.Control.MaxDegreeOfParallelism = 1</c> for the
    /// sweep, as <c>mlp sweep</c> does. Results are the same either way.
    /// </remarks>
    public static SweepResult Run(SweepGrid grid, Dataset data, SweepOptions? options = null, Action<SweepProgress>? progress = null) =>
        SweepResult.Of(grid, RunShard(grid, data, SweepShard.All, options, progress));

    /// <summary>
    /// Trains the runs of <paramref name="shard"/> (one slice of the grid's runs) as <see cref="Run"/> does and
    /// returns their results in run-index order. <see cref="SweepProgress.Total"/> counts the slice's runs.
    /// </summary>
    public static ImmutableArray<SweepRunResult> RunShard(SweepGrid grid, Dataset data, SweepShard shard, SweepOptions? options = null, Action<SweepProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shard);
        options ??= SweepOptions.Default;
        var runs = shard.Select(grid.Runs());
        foreach (var layout in grid.Layouts)
        {
            try
            {
                data.RequireFits(layout);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"layout {string.Join("-", layout)}: {Optim.Arguments.Describe(e)}", nameof(data), e);
            }
        }

        var results = new SweepRunResult[runs.Length];
        var slot = new Dictionary<int, int>(runs.Length);
        for (int i = 0; i < runs.Length; i++)
        {
            slot[runs[i].Index] = i;
        }

        var gate = new object();
        int completed = 0;
        var callbacks = new TrainingCallbacks(Cancellation: options.Cancellation);

        // Biggest runs first (longest-processing-time scheduling), one run per hand-out so a slow run never
        // holds a queue of others behind it. Each result goes to its own slot, so completion order is lost.
        var order = runs.OrderByDescending(r => r.EstimatedWork(data.Count)).ThenBy(r => r.Index).ToArray();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.EffectiveParallelism,
            CancellationToken = options.Cancellation,
        };

        Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering), parallel, run =>
        {
            var clock = options.Clock;
            var start = clock?.Invoke() ?? TimeSpan.Zero;
            var training = Trainer.Train(run.Training, data, callbacks);
            var elapsed = clock is null ? TimeSpan.Zero : clock() - start;
            options.Cancellation.ThrowIfCancellationRequested();
            var result = SweepRunResult.Evaluate(run, training, data, grid.Task, elapsed);
            results[slot[run.Index]] = result;
            if (progress is not null)
            {
                lock (gate)
                {
                    completed++;
                    progress(new SweepProgress(completed, runs.Length, result));
                }
            }
        });

        return [.. results];
    }

    /// <summary>
    /// Joins the results of shards into the result of the whole sweep: every run of <paramref name="grid"/>
    /// exactly once, in any order. Returns what <see cref="Run"/> returns for the grid (every number the same;
    /// only the runs' elapsed times are the shards'). Throws <see cref="ArgumentException"/> naming a run that
    /// is missing, given twice or not of this grid.
    /// </summary>
    [Pure]
    public static SweepResult Merge(SweepGrid grid, IEnumerable<SweepRunResult> results)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(results);
        var runs = grid.Runs();
        var merged = new SweepRunResult?[runs.Length];
        foreach (var result in results)
        {
            int index = result.Run.Index;
            if (index < 0 || index >= runs.Length || result.Run.Seed != runs[index].Seed || result.Configuration.Label != runs[index].Configuration.Label)
            {
                throw new ArgumentException($"run {index} ({result.Configuration.Label}, seed {result.Seed}) is not a run of this sweep", nameof(results));
            }

            if (merged[index] is not null)
            {
                throw new ArgumentException($"run {index} ({result.Configuration.Label}, seed {result.Seed}) is given twice", nameof(results));
            }

            merged[index] = result;
        }

        int missing = Array.FindIndex(merged, r => r is null);
        if (missing >= 0)
        {
            throw new ArgumentException($"run {missing} ({runs[missing].Configuration.Label}, seed {runs[missing].Seed}) is missing", nameof(results));
        }

        return SweepResult.Of(grid, [.. merged.Select(r => r!)]);
    }
}
