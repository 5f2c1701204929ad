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

    /// <summary>Renders the figures of <paramref name="model"/> and <paramref name="trace"/>; returns each one's file name (inside --out) and bytes.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Render(PlotRequest request, Kind kind, Dataset data, Mlp model, TrainingTrace trace, bool tutorialData, (string Input, string Target)? columnNames = null)
    {
        if (!request.Enabled)
        {
            return [];
        }

        var written = new List<(string, byte[])>();
        if (kind == Kind.Fit && data.InputCount == 1 && data.OutputCount == 1)
        {
            Save(FitPlot.Create(data, model, tutorialData, columnNames), Stem(kind, "fit"), request, written);
        }
        else if (kind == Kind.DecisionBoundary && data.InputCount == 2 && data.OutputCount == 1)
        {
            Save(DecisionBoundaryPlot.Create(data, model), Stem(kind, "decision_boundary"), request, written, DecisionBoundaryPlot.Width, DecisionBoundaryPlot.Height);
        }

        if (LossPlot.Create(trace) is { } loss)
        {
            Save(loss, Stem(kind, "loss"), request, written);
        }

        return written;
    }

    private static void Save(Plot plot, string stem, PlotRequest request, List<(string, byte[])> written, int width = PlotStyle.Width, int height = PlotStyle.Height)
    {
        using (PlotStyle.Apply(plot))
        {
            written.Add((PlotStyle.FileName(stem, request.Format), PlotStyle.Render(plot, request.Format, width, height)));
        }
    }
}
