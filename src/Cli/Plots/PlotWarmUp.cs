using Functional.Core.Data;
using Functional.Core.Model;
using Functional.Core.Training;

namespace Functional.Cli.Plots;

/// <summary>
/// Prepares the plotting stack on another core while a run trains: loading SkiaSharp's native library and
/// the font, and compiling ScottPlot's drawing and PNG code, by rendering the run's own kinds of figure once,
/// small, from its starting model and throwing the images away. The run's figures are drawn afterwards as they would
/// be without it (the same bytes); what the warm-up saves is the first figure's start-up cost, which a short
/// run would otherwise add to its wall time. It draws PNGs whatever the run's format: Skia numbers an SVG's
/// clip paths process-wide, so an SVG drawn here would change the run's SVG files. On a single core it does
/// nothing.
/// </summary>
internal sealed class PlotWarmUp
{
    private static readonly PlotWarmUp None = new(Task.CompletedTask);

    private readonly Task work;

    private PlotWarmUp(Task work) => this.work = work;

    /// <summary>Starts the warm-up for a run that will draw <paramref name="kind"/> figures of <paramref name="data"/>.</summary>
    public static PlotWarmUp Start(PlotRequest plots, RunPlots.Kind kind, Dataset data, bool tutorialData, Func<Mlp> startingModel)
    {
        if (!plots.Enabled || Environment.ProcessorCount < 2)
        {
            return None;
        }

        var thread = new TaskCompletionSource();
        var worker = new Thread(() =>
        {
            try
            {
                var trace = new TrainingTrace([new EpochRecord(1, 2.0), new EpochRecord(2, 1.0)]);
                RunPlots.Render(plots with { Format = PlotFormat.Png }, kind, data, startingModel(), trace, tutorialData, shrink: 4, oneCore: true);
            }
            catch (Exception)
            {
                // Only a warm-up: drawing the real figures reports any problem where it belongs.
            }
            finally
            {
                thread.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = "plot warm-up",
            Priority = ThreadPriority.BelowNormal,
        };
        worker.Start();
        return new PlotWarmUp(thread.Task);
    }

    /// <summary>Waits for the warm-up to finish, so that the figures are never drawn while it still draws.</summary>
    public void Wait() => work.Wait();
}
