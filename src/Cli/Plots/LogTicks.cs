using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Functional.Cli.Plots;

/// <summary>
/// Ticks for an axis that shows log10 of the values (ScottPlot 5 has no log scale: the plotted values are
/// log10(v) and the ticks are placed by hand): labelled decades and unlabelled minor ticks at 2..9 times
/// each decade; over less than 2.5 decades the ticks at 2 and 5 times each decade are labelled too, and over
/// less than 0.6 decades every tick is, so the axis always reads.
/// </summary>
internal static class LogTicks
{
    /// <summary>Returns ticks for the log10 range [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public static NumericManual For(double low, double high)
    {
        int first = (int)Math.Floor(low), last = (int)Math.Ceiling(high);
        double span = high - low;
        int[] labelled = span > 2.5 ? [1] : span > 0.6 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var ticks = new NumericManual();
        for (int k = first; k <= last; k++)
        {
            for (int m = 1; m <= 9; m++)
            {
                double position = k + Math.Log10(m);
                if (position < low || position > high)
                {
                    continue;
                }

                if (labelled.Contains(m))
                {
                    ticks.AddMajor(position, Label(m, k));
                }
                else
                {
                    ticks.AddMinor(position);
                }
            }
        }

        return ticks;
    }

    /// <summary>m·10^k as people write it: 0.02, 300, 1e+06 beyond six digits either way.</summary>
    public static string Label(int m, int k) =>
        k is >= -4 and <= 5
            ? (m * Math.Pow(10, k)).ToString("0.#####", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{m}e{(k < 0 ? "-" : "+")}{Math.Abs(k):00}");
}
