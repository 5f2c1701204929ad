using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Functional.Core.Sweep;
using Spectre.Console;

namespace Functional.Cli.Commands;

/// <summary>
/// Runs a sweep while showing how far it got: a live Spectre progress bar (runs done, time left) when stdout
/// is a terminal, otherwise a plain line on stderr at every tenth of the runs, so stdout stays the same from
/// run to run. Time left is estimated from the share of the sweep's work done (<see cref="SweepRun.EstimatedWork"/>).
/// </summary>
internal static class SweepProgressDisplay
{
    /// <summary>Trains the request's runs (its shard, or every run) and returns their results in run order.</summary>
    public static ImmutableArray<SweepRunResult> Run(CommandContext context, SweepCommand.SweepRequest request, SweepOptions options, Stopwatch wall, Action<int> afterRun)
    {
        var grid = request.Grid;
        int n = request.Data.Count;
        double total = request.Slice.Select(grid.Runs()).Sum(r => r.EstimatedWork(n));
        if (request.Quiet)
        {
            return SweepEngine.RunShard(grid, request.Data, request.Slice, options, p => afterRun(p.Completed));
        }

        if (IsTerminal(context))
        {
            return WithBar(request, options, total, afterRun);
        }

        double done = 0.0;
        int nextReport = 1;
        return SweepEngine.RunShard(grid, request.Data, request.Slice, options, p =>
        {
            afterRun(p.Completed);
            done += p.Finished.Run.EstimatedWork(n);
            if (p.Completed * 10 >= nextReport * p.Total || p.Completed == p.Total)
            {
                while (nextReport * p.Total <= p.Completed * 10)
                {
                    nextReport++;
                }

                double elapsed = wall.Elapsed.TotalSeconds;
                double left = done > 0 ? elapsed * (total - done) / done : 0.0;
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"sweep: {p.Completed}/{p.Total} runs done, {Clock(elapsed)} elapsed, about {Clock(left)} left"));
            }
        });
    }

    private static ImmutableArray<SweepRunResult> WithBar(SweepCommand.SweepRequest request, SweepOptions options, double total, Action<int> afterRun)
    {
        ImmutableArray<SweepRunResult> result = [];
        int n = request.Data.Count;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"runs 0/{request.Slice.Select(request.Grid.Runs()).Length}", maxValue: total);
                result = SweepEngine.RunShard(request.Grid, request.Data, request.Slice, options, p =>
                {
                    afterRun(p.Completed);
                    task.Increment(p.Finished.Run.EstimatedWork(n));
                    task.Description = $"runs {p.Completed}/{p.Total}";
                });
            });
        return result;
    }

    private static string Clock(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0.0, Math.Round(seconds)));
        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}:{span.Seconds:00}");
    }

    private static bool IsTerminal(CommandContext context) =>
        ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
}
