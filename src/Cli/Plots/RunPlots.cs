using Functional.Core.Data;
using Functional.Core.Training;
using ScottPlot;

namespace Functional.Cli.Plots;

/// <summary>Whether and how a run draws its figures (<c>--no-plots</c>, <c>--format</c>, into <c>--out</c>).</summary>
internal sealed record PlotRequest(bool Enabled, PlotFormat Format, string OutDirectory);

/// <summary>
/// Draws a finished run's figures into the output folder (created when missing) and returns their paths:
/// the fit (<c>fit</c>) for a net with one input and one output, the decision boundary
/// (<c>decision_boundary</c>) for one with two inputs and one output, and the loss curve (<c>loss</c>).
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

    public static IReadOnlyList<string> Write(PlotRequest request, Kind kind, Dataset data, TrainingResult result, bool tutorialData)
    {
        if (!request.Enabled)
        {
            return [];
        }

        CreateFolder(request.OutDirectory);
        var written = new List<string>();
        var model = result.Model;
        if (kind == Kind.Fit && data.InputCount == 1 && data.OutputCount == 1)
        {
            Save(FitPlot.Create(data, model, tutorialData), "fit", request, written);
        }
        else if (kind == Kind.DecisionBoundary && data.InputCount == 2 && data.OutputCount == 1)
        {
            Save(DecisionBoundaryPlot.Create(data, model), "decision_boundary", request, written, DecisionBoundaryPlot.Width, DecisionBoundaryPlot.Height);
        }

        if (LossPlot.Create(result.Trace) is { } loss)
        {
            Save(loss, "loss", request, written);
        }

        return written;
    }

    /// <summary>Creates <paramref name="folder"/> when missing; throws <see cref="UsageException"/> when it cannot.</summary>
    public static void CreateFolder(string folder, string option = "--out")
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{option} '{folder}': cannot create the folder: {e.Message.ReplaceLineEndings(" ").Trim()}");
        }
    }

    private static void Save(Plot plot, string stem, PlotRequest request, List<string> written, int width = PlotStyle.Width, int height = PlotStyle.Height)
    {
        using (PlotStyle.Apply(plot))
        {
            string path = Path.Combine(request.OutDirectory, PlotStyle.FileName(stem, request.Format));
            PlotStyle.Save(plot, path, request.Format, width, height);
            written.Add(path);
        }
    }
}
