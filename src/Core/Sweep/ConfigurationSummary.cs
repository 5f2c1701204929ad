using System.Collections.Immutable;
using System.Diagnostics.Contracts;

namespace Functional.Core.Sweep;

/// <summary>
/// What a configuration's seeds came to: statistics of the final loss and the final MSE, how many diverged,
/// how many solved XOR, the mean time per run and the mean loss curve.
/// </summary>
/// <param name="Configuration">The configuration.</param>
/// <param name="Runs">Its runs in seed order (seed base + 0, 1, ...).</param>
/// <param name="Loss">Statistics of <see cref="SweepRunResult.FinalLoss"/> over the seeds.</param>
/// <param name="Mse">Statistics of <see cref="SweepRunResult.FinalMse"/> over the seeds.</param>
/// <param name="SolvedFraction">XOR: the fraction of seeds whose network solves it, in [0, 1]; null for regression.</param>
/// <param name="MeanElapsed">The mean time of a run by the host's clock.</param>
/// <param name="MeanLossCurve">
/// Entry e − 1 is the mean over the runs that did not diverge of epoch e's summed loss; empty when every run
/// diverged. Its length is the epochs those runs completed.
/// </param>
public sealed record ConfigurationSummary(
    SweepConfiguration Configuration,
    ImmutableArray<SweepRunResult> Runs,
    SeedStatistics Loss,
    SeedStatistics Mse,
    double? SolvedFraction,
    TimeSpan MeanElapsed,
    ImmutableArray<double> MeanLossCurve)
{
    /// <summary>How many of the runs diverged.</summary>
    public int Diverged => Runs.Count(r => r.Diverged);

    /// <summary>How many of the runs solved XOR (0 for regression).</summary>
    public int SolvedCount => Runs.Count(r => r.Solved == true);

    /// <summary>Returns the statistics of <paramref name="metric"/>.</summary>
    [Pure]
    public SeedStatistics Statistics(SweepMetric metric) => metric == SweepMetric.FinalLoss ? Loss : Mse;

    /// <summary>Returns the run with the lowest finite <paramref name="metric"/> (the lowest seed on ties), or null when every run diverged.</summary>
    [Pure]
    public SweepRunResult? Best(SweepMetric metric) => Statistics(metric).BestIndex is int i and >= 0 ? Runs[i] : null;

    /// <summary>Returns the worst run by <paramref name="metric"/>: the first diverged one if any, else the highest value.</summary>
    [Pure]
    public SweepRunResult? Worst(SweepMetric metric) => Statistics(metric).WorstIndex is int i and >= 0 ? Runs[i] : null;

    /// <summary>
    /// Returns the summary of one configuration's runs (given in seed order). For XOR
    /// (<paramref name="task"/>) the solved fraction is the share of runs whose network solves the data.
    /// </summary>
    [Pure]
    public static ConfigurationSummary Of(SweepConfiguration configuration, ImmutableArray<SweepRunResult> runs, SweepTask task)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (runs.IsDefaultOrEmpty)
        {
            throw new ArgumentException("a configuration summary needs at least one run", nameof(runs));
        }

        var loss = SeedStatistics.Of(runs.Select(r => r.FinalLoss).ToArray());
        var mse = SeedStatistics.Of(runs.Select(r => r.FinalMse).ToArray());
        double? solved = task == SweepTask.Xor ? (double)runs.Count(r => r.Solved == true) / runs.Length : null;
        long ticks = 0;
        foreach (var run in runs)
        {
            ticks += run.Elapsed.Ticks;
        }

        return new ConfigurationSummary(configuration, runs, loss, mse, solved, TimeSpan.FromTicks(ticks / runs.Length), MeanCurve(runs));
    }

    private static ImmutableArray<double> MeanCurve(ImmutableArray<SweepRunResult> runs)
    {
        var kept = runs.Where(r => !r.Diverged).ToArray();
        if (kept.Length == 0)
        {
            return [];
        }

        int length = kept.Max(r => r.Training.Trace.Epochs.Length);
        var curve = ImmutableArray.CreateBuilder<double>(length);
        for (int e = 0; e < length; e++)
        {
            double sum = 0.0;
            int count = 0;
            foreach (var run in kept)
            {
                var epochs = run.Training.Trace.Epochs;
                if (e < epochs.Length)
                {
                    sum += epochs[e].Loss;
                    count++;
                }
            }

            curve.Add(sum / count);
        }

        return curve.MoveToImmutable();
    }
}
