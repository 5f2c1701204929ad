using System.Collections.Immutable;
using System.Diagnostics.Contracts;

namespace Functional.Core.Sweep;

/// <summary>The measure configurations are ranked by.</summary>
public enum SweepMetric
{
    /// <summary>The final network's MSE on the whole data set: comparable across batch sizes.</summary>
    FinalMse,

    /// <summary>
    /// The last epoch's summed batch loss, as the tutorial logs it. It adds one batch mean per batch, so it
    /// grows with the number of batches (4× for batches of 25 against one batch of 100).
    /// </summary>
    FinalLoss,
}

/// <summary>
/// A finished sweep: every run in index order (configuration, then seed; never completion order) and one
/// summary per configuration in configuration order.
/// </summary>
/// <param name="Grid">The grid that was run.</param>
/// <param name="Runs">One result per run; <c>Runs[i].Run.Index == i</c>.</param>
/// <param name="Configurations">One summary per configuration; <c>Configurations[c].Configuration.Index == c</c>.</param>
public sealed record SweepResult(SweepGrid Grid, ImmutableArray<SweepRunResult> Runs, ImmutableArray<ConfigurationSummary> Configurations)
{
    /// <summary>
    /// Returns the summaries of the runs (given in run-index order): the runs of configuration c are
    /// <c>runs[c × Seeds .. (c + 1) × Seeds)</c>.
    /// </summary>
    [Pure]
    public static SweepResult Of(SweepGrid grid, ImmutableArray<SweepRunResult> runs)
    {
        ArgumentNullException.ThrowIfNull(grid);
        int seeds = grid.Seeds;
        if (runs.IsDefault || runs.Length != grid.RunCount)
        {
            throw new ArgumentException($"expected {grid.RunCount} run results, got {(runs.IsDefault ? 0 : runs.Length)}", nameof(runs));
        }

        var summaries = ImmutableArray.CreateBuilder<ConfigurationSummary>(grid.ConfigurationCount);
        for (int c = 0; c < grid.ConfigurationCount; c++)
        {
            var own = runs.Slice(c * seeds, seeds);
            summaries.Add(ConfigurationSummary.Of(own[0].Configuration, own, grid.Task));
        }

        return new SweepResult(grid, runs, summaries.MoveToImmutable());
    }

    /// <summary>
    /// Returns the summaries best first. XOR configurations are ordered by solved fraction (highest first);
    /// then, for both tasks, configurations with fewer diverged seeds come first, then the lower mean of
    /// <paramref name="metric"/> over the finite seeds, then the lower configuration index. The order
    /// depends only on the results' numbers.
    /// </summary>
    [Pure]
    public ImmutableArray<ConfigurationSummary> Ranked(SweepMetric metric = SweepMetric.FinalMse) =>
        [.. Configurations
            .OrderByDescending(s => s.SolvedFraction ?? 0.0)
            .ThenBy(s => s.Diverged)
            .ThenBy(s => SortKey(s.Statistics(metric).Mean))
            .ThenBy(s => s.Configuration.Index)];

    private static double SortKey(double mean) => double.IsFinite(mean) ? mean : double.PositiveInfinity;
}
