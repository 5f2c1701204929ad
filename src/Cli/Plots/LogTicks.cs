using System.Globalization;
using ScottPlot.TickGenerators;

namespace Functional.Cli.Plots;

/// <summary>
/// Ticks for an axis that shows log10 of the values (ScottPlot 5 has no log scale: the plotted values are
/// log10(v) and the ticks are placed by hand): labelled decades and unlabelled minor ticks at 2..9 times
/// each decade. Over less than 2.5 decades the ticks at 2 and 5 times each decade are labelled too, and
/// over less than 0.6 decades every one of them is. When that still labels fewer than two ticks (a range
/// inside one tenth of a decade, such as a loss going from 0.31 to 0.25), evenly spaced round values
/// (steps of 1, 2 or 5 times a power of ten) are labelled instead. Over more than ten decades (a sweep
/// with a run that blows up) only every few decades are labelled, with no minor ticks.
/// </summary>
internal static class LogTicks
{
    /// <summary>Returns ticks for the log10 range [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public static NumericManual For(double low, double high)
    {
        var (majors, minors) = Compute(low, high);
        var ticks = new NumericManual();
        foreach (var (position, label) in majors)
        {
            ticks.AddMajor(position, label);
        }

        foreach (double position in minors)
        {
            ticks.AddMinor(position);
        }

        return ticks;
    }

    /// <summary>The labelled ticks (position, label) and the unlabelled ones (position) of <see cref="For"/>.</summary>
    public static (List<(double Position, string Label)> Majors, List<double> Minors) Compute(double low, double high)
    {
        int first = (int)Math.Floor(low), last = (int)Math.Ceiling(high);
        var majors = new List<(double Position, string Label)>();
        var minors = new List<double>();
        if (last - first > 10)
        {
            int every = (last - first + 7) / 8;
            for (int k = first; k <= last; k++)
            {
                if (k >= low && k <= high && k % every == 0)
                {
                    majors.Add((k, Label(1, k)));
                }
            }

            return (majors, minors);
        }

        double span = high - low;
        int[] labelled = span > 2.5 ? [1] : span > 0.6 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
        for (int k = first; k <= last; k++)
        {
            for (int m = 1; m <= 9; m++)
            {
                double position = k + Math.Log10(m);
                if (position >= low && position <= high)
                {
                    if (labelled.Contains(m))
                    {
                        majors.Add((position, Label(m, k)));
                    }
                    else
                    {
                        minors.Add(position);
                    }
                }
            }
        }

        if (majors.Count < 2)
        {
            majors = Linear(Math.Pow(10, low), Math.Pow(10, high));
            minors.Clear();
        }

        return (majors, minors);
    }

    /// <summary>m·10^k as people write it: 0.02, 300, and 1e+06 or 2e-05 beyond that.</summary>
    public static string Label(int m, int k) =>
        k is >= -4 and <= 5
            ? (m * Math.Pow(10, k)).ToString("0.#####", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{m}e{(k < 0 ? "-" : "+")}{Math.Abs(k):00}");

    // Round values between low and high (both > 0), about five of them, placed at their log10.
    private static List<(double, string)> Linear(double low, double high)
    {
        double raw = (high - low) / 5;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(f => f * magnitude).First(s => s >= raw);
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step)));
        var ticks = new List<(double, string)>();
        for (double i = Math.Ceiling(low / step); i * step <= high; i++)
        {
            double value = Math.Round(i * step, decimals);
            ticks.Add((Math.Log10(value), value.ToString("F" + decimals, CultureInfo.InvariantCulture)));
        }

        return ticks;
    }
}
