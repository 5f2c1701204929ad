using System.Globalization;
using Functional.Core.Data;
using Functional.Core.Sweep;
using MathNet.Numerics.LinearAlgebra;
using ScottPlot;

namespace Functional.Cli.Plots;

/// <summary>
/// The sweep's pictures as PNG bytes: the mean loss curve of every configuration on one log-scale chart, and
/// (regression with one input and one target) a grid of fit plots, one per configuration.
/// </summary>
internal static class SweepPlots
{
    private const int LossWidth = 1400;
    private const int CellWidth = 420;
    private const int CellHeight = 320;
    private const int FitColumns = 6;

    /// <summary>Up to this many configurations, each has a colour and a legend entry.</summary>
    private const int AllNamed = 10;

    /// <summary>Beyond <see cref="AllNamed"/>, the best this many are highlighted.</summary>
    private const int Highlighted = 5;

    /// <summary>Whether a fit grid can be drawn: a regression sweep on data with one input and one target column.</summary>
    public static bool CanDrawFits(SweepResult result, Dataset data) =>
        result.Grid.Task == SweepTask.Regression && data.InputCount == 1 && data.OutputCount == 1;

    /// <summary>
    /// The mean over its non-diverged seeds of each epoch's summed loss, one line per configuration, on a log
    /// scale (the values drawn are log10 of the loss, labelled with the loss itself). Up to
    /// <see cref="AllNamed"/> configurations each get a colour and a legend entry; beyond that the best
    /// <see cref="Highlighted"/> by <paramref name="metric"/> (the table's ranking) are drawn in colour with
    /// their rank, and the others in thin grey, so that the figure stays readable for large grids. The view
    /// reaches two decades above the median starting loss; a line that rises beyond is cut off and says so.
    /// Configurations whose every seed diverged are listed in the legend without a line.
    /// </summary>
    public static byte[] LossOverlay(SweepResult result, SweepMetric metric = SweepMetric.FinalMse)
    {
        var curves = result.Configurations.Select(s => LogCurve(s.MeanLossCurve)).ToArray();
        var drawn = curves.Where(c => c.Ys.Length > 0).ToArray();
        double lowest = drawn.Length > 0 ? drawn.Min(c => c.Ys.Min()) : 0.0;
        double highest = drawn.Length > 0 ? drawn.Max(c => c.Ys.Max()) : 1.0;
        // A run that blows up without quite reaching infinity would squash every other line into a sliver:
        // the view ends two decades above the median starting loss, and such a line leaves the chart.
        double ceiling = drawn.Length > 0 ? Median(drawn.Select(c => c.Ys[0])) + 2.0 : highest;
        highest = Math.Min(highest, ceiling);

        var plot = PlotStyle.NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        bool few = curves.Length <= AllNamed;
        var rank = result.Ranked(metric).Select((s, r) => (s.Configuration.Index, Rank: r + 1)).ToDictionary(p => p.Index, p => p.Rank);
        string Label(int i, string prefix = "") => prefix + result.Configurations[i].Configuration.Label
            + (curves[i].Xs.Length == 0 ? " (all diverged)" : curves[i].Ys.Any(y => y > ceiling) ? " (rises off the chart)" : "");

        // The grey ones first, so the highlighted lines are drawn over them.
        int others = 0;
        for (int i = 0; i < curves.Length && !few; i++)
        {
            if (rank[i] > Highlighted && curves[i].Xs.Length > 0)
            {
                var line = plot.Add.ScatterLine(curves[i].Xs, curves[i].Ys, Colors.Gray.WithOpacity(0.45));
                line.LineWidth = 1f;
                others++;
            }
        }

        if (others > 0)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"the other {others} configurations", LineColor = Colors.Gray, LineWidth = 1.5f });
        }

        var shown = few
            ? Enumerable.Range(0, curves.Length)
            : Enumerable.Range(0, curves.Length).Where(i => rank[i] <= Highlighted).OrderBy(i => rank[i]);
        int colour = 0;
        foreach (int i in shown)
        {
            var line = plot.Add.ScatterLine(curves[i].Xs, curves[i].Ys, palette.GetColor(colour++ % palette.Colors.Length));
            line.LineWidth = few ? 1.5f : 2.5f;
            line.LegendText = few ? Label(i) : Label(i, $"#{rank[i]} ");
        }

        int allDiverged = few ? 0 : Enumerable.Range(0, curves.Length).Count(i => rank[i] > Highlighted && curves[i].Xs.Length == 0);
        if (allDiverged > 0)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{allDiverged} configuration(s) with every seed diverged (no line)", LineWidth = 0 });
        }

        double pad = Math.Max(0.02, 0.04 * (highest - lowest));
        plot.Axes.SetLimitsY(lowest - pad, highest + pad);
        plot.Axes.Left.TickGenerator = Plots.LogTicks.For(lowest - pad, highest + pad);
        plot.Axes.Left.Label.Text = "epoch loss (summed over batches), mean over seeds, log scale";
        plot.Axes.Bottom.Label.Text = "epoch";
        string highlight = few ? "" : $"; the best {Highlighted} by {(metric == SweepMetric.FinalMse ? "final MSE" : "final loss")} in colour";
        plot.Title($"Sweep ({SweepTasks.Name(result.Grid.Task)}): loss curves, mean over {result.Grid.Seeds} seed(s){highlight}");
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.12);
        plot.Legend.FontSize = 12;
        plot.ShowLegend(Edge.Right);
        int height = Math.Max(700, 160 + 18 * (few ? curves.Length : Highlighted + 2));
        return plot.GetImage(LossWidth, height).GetImageBytes(ImageFormat.Png);
    }

    /// <summary>Epoch numbers (from 1) and log10 of the positive finite values of a loss curve.</summary>
    private static (double[] Xs, double[] Ys) LogCurve(IReadOnlyList<double> curve)
    {
        var xs = new List<double>(curve.Count);
        var ys = new List<double>(curve.Count);
        for (int e = 0; e < curve.Count; e++)
        {
            if (curve[e] > 0 && double.IsFinite(curve[e]))
            {
                xs.Add(e + 1);
                ys.Add(Math.Log10(curve[e]));
            }
        }

        return (xs.ToArray(), ys.ToArray());
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    /// <summary>
    /// A grid of small plots in configuration order, one per configuration: the data as blue dots, the
    /// reference curve (when given) in black, and the prediction of the configuration's best seed (by
    /// <paramref name="metric"/>) as an orange line over the data's x range.
    /// </summary>
    public static byte[] FitGrid(SweepResult result, Dataset data, Dataset? reference, SweepMetric metric)
    {
        double[] x = data.X.Column(0).ToArray(), y = data.Y.Column(0).ToArray();
        double lo = x.Min(), hi = x.Max();
        double yLo = y.Min(), yHi = y.Max();
        double pad = 0.08 * Math.Max(1e-9, yHi - yLo);
        var grid = Matrix<double>.Build.Dense(400, 1, (i, _) => lo + (hi - lo) * i / 399.0);
        var ranks = result.Ranked(metric).Select((s, r) => (s.Configuration.Index, Rank: r + 1)).ToDictionary(p => p.Index, p => p.Rank);

        var plots = new List<Plot>(result.Configurations.Length);
        foreach (var summary in result.Configurations)
        {
            var plot = PlotStyle.NewPlot();
            var points = plot.Add.ScatterPoints(x, y, Colors.C0);
            points.MarkerSize = 4;
            if (reference is not null)
            {
                var curve = plot.Add.ScatterLine(reference.X.Column(0).ToArray(), reference.Y.Column(0).ToArray(), Colors.Black);
                curve.LineWidth = 1.2f;
            }

            var best = summary.Best(metric);
            string outcome = "all seeds diverged";
            if (best is not null)
            {
                var prediction = best.Model.Predict(grid).Column(0).ToArray();
                var fit = plot.Add.ScatterLine(grid.Column(0).ToArray(), prediction, Colors.C1);
                fit.LineWidth = 2f;
                outcome = string.Create(CultureInfo.InvariantCulture, $"#{ranks[summary.Configuration.Index]}, best seed {best.Seed}: MSE {PythonFormat.General(best.FinalMse)}");
            }

            var c = summary.Configuration;
            plot.Title($"{c.LayoutText} {c.Activation.Name} {c.OptimizerText} lr={c.LearningRateText} batch={c.BatchText}\n{outcome}", size: 12);
            plot.Axes.SetLimits(lo - 0.02 * (hi - lo), hi + 0.02 * (hi - lo), yLo - pad, yHi + pad);
            plots.Add(plot);
        }

        int count = result.Configurations.Length;
        int columns = Math.Min(FitColumns, count);
        int rows = (count + columns - 1) / columns;
        // A new Multiplot already holds one empty plot: start it from the first cell instead.
        var multiplot = new Multiplot(plots[0]);
        foreach (var plot in plots.Skip(1))
        {
            multiplot.AddPlot(plot);
        }

        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        return multiplot.Render(columns * CellWidth, rows * CellHeight).GetImageBytes(ImageFormat.Png);
    }
}
