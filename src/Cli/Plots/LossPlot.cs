using Functional.Core.Training;
using ScottPlot;

namespace Functional.Cli.Plots;

/// <summary>
/// The loss curve: the logged loss of every epoch (the sum of its batch losses, as the tutorial prints it)
/// against the epoch on a log-scale y axis, and the validation loss (a mean over the held-out samples) when
/// the run has a split. Values that are not positive cannot be drawn on a log scale and are left out.
/// </summary>
internal static class LossPlot
{
    /// <summary>Builds the figure, or returns null when the trace has nothing to draw.</summary>
    public static Plot? Create(TrainingTrace trace)
    {
        var training = Points(trace, r => r.Loss);
        var validation = Points(trace, r => r.ValidationLoss);
        if (training.X.Length == 0 && validation.X.Length == 0)
        {
            return null;
        }

        var plot = PlotStyle.NewPlot();
        var all = training.LogY.Concat(validation.LogY).ToArray();
        if (training.X.Length > 0)
        {
            var line = plot.Add.ScatterLine(training.X, training.LogY, PlotStyle.Blue);
            line.LineWidth = 1.5f;
            line.LegendText = "training loss (sum over batches)";
        }

        if (validation.X.Length > 0)
        {
            var other = plot.Add.ScatterLine(validation.X, validation.LogY, PlotStyle.Orange);
            other.LineWidth = 1.5f;
            other.LegendText = "validation loss (mean)";
        }

        // Losses fall from the left: the upper right corner is where the curves are least likely to be.
        plot.ShowLegend(Alignment.UpperRight);

        double low = all.Min(), high = all.Max();
        double pad = Math.Max(0.05 * (high - low), 0.02);
        (low, high) = (low - pad, high + pad);
        plot.Axes.SetLimitsY(low, high);
        plot.Axes.Left.TickGenerator = LogTicks.For(low, high);
        double lastEpoch = trace.Epochs[^1].Epoch;
        plot.Axes.SetLimitsX(0, Math.Max(1, lastEpoch) * 1.02);
        plot.XLabel("epoch");
        plot.YLabel("loss (log scale)");
        return plot;
    }

    private static (double[] X, double[] LogY) Points(TrainingTrace trace, Func<EpochRecord, double?> value)
    {
        var kept = trace.Epochs.Where(r => value(r) is double v && v > 0 && double.IsFinite(v)).ToArray();
        return ([.. kept.Select(r => (double)r.Epoch)], [.. kept.Select(r => Math.Log10(value(r)!.Value))]);
    }
}
