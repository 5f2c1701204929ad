using Functional.Core.Data;
using Functional.Core.Model;
using ScottPlot;

namespace Functional.Cli.Plots;

/// <summary>
/// The regression fit, as the tutorial drew it: the true curve ftrue in black on its 1,000-point grid
/// (<c>np.arange(-5, 5, 0.01)</c>), the data as blue dots (C0), the net's predictions at the data's x as
/// orange dots (C1), and the net's curve over the same grid as a thin orange line; axes x and y, a legend.
/// For the user's own data (one input, one target) the true curve is left out and the grid spans the data.
/// </summary>
internal static class FitPlot
{
    private const int GridPoints = 1_000;

    /// <summary>Builds the figure for a net with one input and one output trained on <paramref name="data"/>.</summary>
    public static Plot Create(Dataset data, Mlp model, bool tutorialData, (string Input, string Target)? columnNames = null)
    {
        double[] x = data.X.Column(0).ToArray();
        double[] y = data.Y.Column(0).ToArray();
        double[] predictions = model.Predict(data.X).Column(0).ToArray();
        var grid = tutorialData ? TutorialData.ReferenceCurve() : Grid(x);
        double[] gridX = grid.X.Column(0).ToArray();
        double[] gridModel = model.Predict(grid.X).Column(0).ToArray();

        var plot = PlotStyle.NewPlot();
        if (tutorialData)
        {
            var truth = plot.Add.ScatterLine(gridX, grid.Y.Column(0).ToArray(), Colors.Black);
            truth.LineWidth = 2;
            truth.LegendText = "ftrue(x)";
        }

        var curve = plot.Add.ScatterLine(gridX, gridModel, PlotStyle.Orange);
        curve.LineWidth = 1.5f;
        curve.LegendText = "model";

        var points = plot.Add.ScatterPoints(x, y, PlotStyle.Blue);
        points.MarkerSize = 7;
        points.LegendText = "data";

        var predicted = plot.Add.ScatterPoints(x, predictions, PlotStyle.Orange);
        predicted.MarkerSize = 7;
        predicted.LegendText = "prediction";

        // A CSV's own column names on the axes (the tutorial's are x and y).
        plot.XLabel(columnNames?.Input ?? "x");
        plot.YLabel(columnNames?.Target ?? "y");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    // An even grid over the data's x range (a single point gets a unit-wide range around it).
    private static Dataset Grid(double[] x)
    {
        double low = x.Min(), high = x.Max();
        if (low == high)
        {
            (low, high) = (low - 0.5, high + 0.5);
        }

        double[] gridX = [.. Enumerable.Range(0, GridPoints).Select(i => low + (high - low) * i / (GridPoints - 1))];
        return Dataset.FromColumns(gridX, new double[GridPoints]);
    }
}
