using Functional.Core.Data;
using Functional.Core.Model;
using Functional.Core.Training;
using ScottPlot;

namespace Functional.Cli.Plots;

/// <summary>Whether and how a run draws its figures (<c>--no-plots</c>, <c>--format</c>, into <c>--out</c>).</summary>
internal sealed record PlotRequest(bool Enabled, PlotFormat Format, string OutDirectory);

/// <summary>
/// Draws a finished run's figures into the output folder (created when missing) and returns their paths,
/// named after the command so that regression and xor runs into one folder keep each other's figures: the fit
/// (<c>regression_fit</c>) for a net with one input and one output, the decision boundary
/// (<c>xor_decision_boundary</c>) for one with two inputs and one output, and the loss curve
/// (<c>regression_loss</c>, <c>xor_loss</c>).
/// </summary>
internal static class RunPlots
{
    /// <summary>The figure kinds a command draws besides the loss curve.</summary>
    public enum Kind
    {
        /// <summary>The regression fit.</summary>
        Fit,

        /// <summary>The XOR decision boundary.</summary>
        DecisionBoundary,
    }

    /// <summary>The file names a command of <paramref name="kind"/> may draw in <paramref name="format"/> (checked before the run).</summary>
    public static IEnumerable<string> FileNames(Kind kind, PlotFormat format) =>
        [PlotStyle.FileName(Stem(kind, kind == Kind.Fit ? "fit" : "decision_boundary"), format), PlotStyle.FileName(Stem(kind, "loss"), format)];

    // The command's name first: regression_fit, xor_loss.
    private static string Stem(Kind kind, string figure) => (kind == Kind.Fit ? "regression_" : "xor_") + figure;

    /// <summary>Renders the run's figures; returns each one's file name (inside --out) and bytes.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Render(PlotRequest request, Kind kind, Dataset data, TrainingResult result, bool tutorialData, (string Input, string Target)? columnNames = null) =>
        Render(request, kind, data, result.Model, result.Trace, tutorialData, columnNames);

    /// <summary>
    /// Renders the figures of <paramref name="model"/> and <paramref name="trace"/>, each on its own core where
    /// there are several (each figure is drawn alone, so its bytes do not depend on that; SVGs are drawn one after
    /// the other, as Skia numbers their clip paths process-wide in drawing order); returns each one's
    /// file name (inside --out) and bytes, in a fixed order. The warm-up draws them small
    /// (<paramref name="shrink"/> divides the sizes) and one after the other (<paramref name="oneCore"/>).
    /// </summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Render(PlotRequest request, Kind kind, Dataset data, Mlp model, TrainingTrace trace, bool tutorialData, (string Input, string Target)? columnNames = null, int shrink = 1, bool oneCore = false)
    {
        if (!request.Enabled)
        {
            return [];
        }

        var figures = new List<(string Stem, Func<Plot?> Build, int Width, int Height)>();
        if (kind == Kind.Fit && data.InputCount == 1 && data.OutputCount == 1)
        {
            figures.Add((Stem(kind, "fit"), () => FitPlot.Create(data, model, tutorialData, columnNames), PlotStyle.Width, PlotStyle.Height));
        }
        else if (kind == Kind.DecisionBoundary && data.InputCount == 2 && data.OutputCount == 1)
        {
            figures.Add((Stem(kind, "decision_boundary"), () => DecisionBoundaryPlot.Create(data, model), DecisionBoundaryPlot.Width, DecisionBoundaryPlot.Height));
        }

        figures.Add((Stem(kind, "loss"), () => LossPlot.Create(trace), PlotStyle.Width, PlotStyle.Height));
        var rendered = new (string Name, byte[] Bytes)?[figures.Count];
        Parallel.For(0, figures.Count, new ParallelOptions { MaxDegreeOfParallelism = oneCore || request.Format == PlotFormat.Svg ? 1 : Environment.ProcessorCount }, i =>
        {
            var (stem, build, width, height) = figures[i];
            if (build() is { } plot)
            {
                using (PlotStyle.Apply(plot))
                {
                    rendered[i] = (PlotStyle.FileName(stem, request.Format), PlotStyle.Render(plot, request.Format, width / shrink, height / shrink));
                }
            }
        });
        return [.. rendered.OfType<(string, byte[])>()];
    }
}
