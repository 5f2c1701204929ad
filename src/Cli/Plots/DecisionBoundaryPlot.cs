using Functional.Core.Data;
using Functional.Core.Model;
using Functional.Core.Sweep;
using MathNet.Numerics.LinearAlgebra;
using ScottPlot;

namespace Functional.Cli.Plots;

/// <summary>
/// The XOR decision boundary, as the tutorial drew it: the net evaluated on a 200x200 grid over
/// [0, 1] x [0, 1], its output rounded to 0 or 1 (and clamped to that range) and drawn as a filled colour
/// mesh, the unit square's edges in black, and the data points as large dots coloured by their label;
/// axes x1 and x2 with ticks at 0 and 1, limits [-0.04, 1.04] on both, equal aspect.
/// </summary>
/// <remarks>
/// Colours come from matplotlib's Paired_r colormap, whose ends are brown (#b15928, class 0) and light blue
/// (#a6cee3, class 1). The mesh uses them lightened halfway to white so the dots, drawn in the full colours
/// with a black outline, stand out on either class.
/// </remarks>
internal static class DecisionBoundaryPlot
{
    /// <summary>The grid's points per side.</summary>
    public const int GridSize = 200;

    /// <summary>The figure's width; the data area is fixed to a 520 x 520 square so the aspect is exactly equal.</summary>
    public const int Width = 600;

    /// <summary>The figure's height: the square, its title above and its key below.</summary>
    public const int Height = 660;

    private const double Low = -0.04, High = 1.04;

    private static readonly Color Class0 = Color.FromHex("#b15928");
    private static readonly Color Class1 = Color.FromHex("#a6cee3");

    /// <summary>
    /// Returns the rounded outputs on the grid: element [i, j] is the class at x1 = j / 199 and
    /// x2 = i / 199 (row 0 at the bottom, x2 = 0).
    /// </summary>
    public static double[,] Classes(Mlp model)
    {
        var inputs = Matrix<double>.Build.Dense(GridSize * GridSize, 2);
        for (int i = 0; i < GridSize; i++)
        {
            for (int j = 0; j < GridSize; j++)
            {
                inputs[i * GridSize + j, 0] = j / (GridSize - 1.0);
                inputs[i * GridSize + j, 1] = i / (GridSize - 1.0);
            }
        }

        var outputs = model.Predict(inputs);
        var classes = new double[GridSize, GridSize];
        for (int i = 0; i < GridSize; i++)
        {
            for (int j = 0; j < GridSize; j++)
            {
                double rounded = Math.Round(outputs[i * GridSize + j, 0], MidpointRounding.ToEven);
                classes[i, j] = double.IsNaN(rounded) ? 0.0 : Math.Clamp(rounded, 0.0, 1.0);
            }
        }

        return classes;
    }

    /// <summary>Builds the figure for a net with two inputs and one output trained on <paramref name="data"/>.</summary>
    public static Plot Create(Dataset data, Mlp model)
    {
        var classes = Classes(model);

        // A heatmap's first row is drawn at the top: flip the rows so x2 grows upwards.
        var rows = new double[GridSize, GridSize];
        for (int i = 0; i < GridSize; i++)
        {
            for (int j = 0; j < GridSize; j++)
            {
                rows[GridSize - 1 - i, j] = classes[i, j];
            }
        }

        var plot = PlotStyle.NewPlot();
        var mesh = plot.Add.Heatmap(rows);
        mesh.Colormap = new ScottPlot.Colormaps.Custom([Lighten(Class0), Lighten(Class1)], false);
        mesh.ManualRange = new ScottPlot.Range(0, 1);
        mesh.Smooth = false;
        double half = 0.5 / (GridSize - 1);
        mesh.Rectangle = new CoordinateRect(-half, 1 + half, -half, 1 + half);

        var square = plot.Add.Rectangle(0, 1, 0, 1);
        square.FillColor = Colors.Transparent;
        square.LineColor = Colors.Black;
        square.LineWidth = 1.5f;

        for (int i = 0; i < data.Count; i++)
        {
            var dot = plot.Add.Marker(data.X[i, 0], data.X[i, 1], MarkerShape.FilledCircle, 22, data.Y[i, 0] >= 0.5 ? Class1 : Class0);
            dot.MarkerStyle.OutlineColor = Colors.Black;
            dot.MarkerStyle.OutlineWidth = 1.5f;
        }

        plot.Axes.SetLimits(Low, High, Low, High);
        plot.Axes.Bottom.TickGenerator = ZeroAndOne();
        plot.Axes.Left.TickGenerator = ZeroAndOne();
        plot.XLabel("x1");
        plot.YLabel("x2");
        plot.HideGrid();

        // The key: what the two region colours and the two dot colours mean, and the verdict as the title.
        bool solved = SweepMetrics.Solves(model, data);
        var outputs = model.Predict(data.X);
        int wrong = Enumerable.Range(0, data.Count).Count(i => Math.Round(outputs[i, 0], MidpointRounding.ToEven) != data.Y[i, 0]);
        plot.Title(solved ? "XOR: solved (every point on its own colour)" : $"XOR: not solved ({wrong} of {data.Count} points on the other colour)");
        plot.Axes.Title.Label.FontSize = 15;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "net answers 0", FillColor = Lighten(Class0), LineWidth = 0 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "net answers 1", FillColor = Lighten(Class1), LineWidth = 0 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "target 0", MarkerShape = MarkerShape.FilledCircle, MarkerFillColor = Class0, MarkerLineColor = Colors.Black, MarkerSize = 12, LineWidth = 0 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "target 1", MarkerShape = MarkerShape.FilledCircle, MarkerFillColor = Class1, MarkerLineColor = Colors.Black, MarkerSize = 12, LineWidth = 0 });
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend(Edge.Bottom);

        // Fixed margins around a square data area: 520 x 520 pixels of a 600 x 660 figure (title above, key below).
        plot.Layout.Fixed(new PixelPadding(60, 20, 95, 45));
        return plot;
    }

    private static ScottPlot.TickGenerators.NumericManual ZeroAndOne()
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        ticks.AddMajor(0, "0");
        ticks.AddMajor(1, "1");
        return ticks;
    }

    private static Color Lighten(Color color) =>
        new((byte)((color.R + 255) / 2), (byte)((color.G + 255) / 2), (byte)((color.B + 255) / 2));
}
