using System.Diagnostics.Contracts;

namespace Functional.Core.Sweep;

/// <summary>
/// Statistics of one measure over a configuration's seeds. Mean and spread are taken over the finite values
/// only (a diverged run has none); the spread is the sample standard deviation (divisor n − 1).
/// </summary>
/// <param name="Count">How many values there were (one per seed).</param>
/// <param name="FiniteCount">How many of them were finite.</param>
/// <param name="Mean">The mean of the finite values; NaN when there is none.</param>
/// <param name="StandardDeviation">The sample standard deviation (n − 1) of the finite values; NaN when fewer than two.</param>
/// <param name="BestIndex">Index of the lowest finite value (the first on ties); −1 when there is none.</param>
/// <param name="WorstIndex">Index of the first non-finite value if any, else of the highest value (the first on ties); −1 for no values.</param>
public sealed record SeedStatistics(int Count, int FiniteCount, double Mean, double StandardDeviation, int BestIndex, int WorstIndex)
{
    /// <summary>
    /// Returns the statistics of <paramref name="values"/> (one per seed, in seed order). Lower is better;
    /// a non-finite value (a diverged run) is worse than every finite one. The sums run in index order, so
    /// the result does not depend on the order in which runs finished.
    /// </summary>
    [Pure]
    public static SeedStatistics Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int finite = 0, best = -1, worst = -1, firstNonFinite = -1;
        double sum = 0.0;
        for (int i = 0; i < values.Count; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v))
            {
                firstNonFinite = firstNonFinite < 0 ? i : firstNonFinite;
                continue;
            }

            finite++;
            sum += v;
            best = best < 0 || v < values[best] ? i : best;
            worst = worst < 0 || v > values[worst] ? i : worst;
        }

        if (firstNonFinite >= 0)
        {
            worst = firstNonFinite;
        }

        double mean = finite > 0 ? sum / finite : double.NaN;
        double sd = double.NaN;
        if (finite >= 2)
        {
            // Two passes (mean first, then squared deviations) rather than the sum-of-squares shortcut,
            // which loses digits when the spread is small against the mean.
            double squares = 0.0;
            foreach (double v in values)
            {
                if (double.IsFinite(v))
                {
                    squares += (v - mean) * (v - mean);
                }
            }

            sd = Math.Sqrt(squares / (finite - 1));
        }

        return new SeedStatistics(values.Count, finite, mean, sd, best, worst);
    }
}
