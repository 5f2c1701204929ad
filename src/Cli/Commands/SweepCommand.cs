using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Functional.Cli.Plots;
using Functional.Core.Data;
using Functional.Core.Sweep;

namespace Functional.Cli.Commands;

/// <summary>
/// <c>mlp sweep</c>: the tutorial's exercises as a grid of runs. Every combination of the given layouts,
/// activations, optimizers, learning rates and batch sizes is trained once per seed, several runs at a time
/// across the cores (<see cref="SweepEngine"/>); the command prints a ranked table, writes sweep.csv and
/// plots. Everything it prints is deterministic except the timings (the table's s/run column and the last line).
/// </summary>
internal static partial class SweepCommand
{
    public const string CsvFile = "sweep.csv";
    public const string LossPlotFile = "sweep-loss.png";
    public const string FitPlotFile = "sweep-fits.png";

    public static Command Create(CommandContext context)
    {
        var options = new SweepOptionSet();
        var command = new Command("sweep", "Train a grid of configurations x seeds in parallel and compare them (table, sweep.csv, plots); --preset tutorial runs the tutorial's exercises.");
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Execute(context, Read(parse, options)));
        command.Subcommands.Add(CreateMerge(context));
        return command;
    }

    private static int Execute(CommandContext context, SweepRequest request)
    {
        var writer = context.Out;
        int parallelism = request.Parallelism > 0 ? request.Parallelism : Environment.ProcessorCount;
        WriteHeader(writer, request);

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        // Ctrl+C or SIGTERM stops the runs between epochs; nothing of a partial sweep is written. A signal
        // after the last run lets the outputs be written whole (see RunSignals).
        using var signals = new RunSignals();
        var options = new SweepOptions(parallelism, () => wall.Elapsed, signals.Token);
        ImmutableArray<SweepRunResult> results;
        try
        {
            // Each run is single-threaded: CliApp keeps MathNet to one thread per call (see there).
            results = SweepProgressDisplay.Run(context, request, options, wall, completed =>
            {
                if (context.InterruptSweepAfter?.Invoke(completed) == true)
                {
                    signals.Cancel();
                }
            });
        }
        catch (OperationCanceledException) when (signals.Received)
        {
            context.Error.WriteLine("mlp: sweep interrupted; no table, CSV or plot was written");
            return signals.ExitCode;
        }

        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;

        if (request.Shard is { } shard)
        {
            WriteShard(context, request, shard, results);
        }
        else
        {
            Report(context, request, SweepResult.Of(request.Grid, results));
        }

        double seconds = wall.Elapsed.TotalSeconds;
        double ratio = seconds > 0 ? cpu.TotalSeconds / seconds : 0.0;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Time: {results.Length} runs in {seconds:F2} s wall, {cpu.TotalSeconds:F2} s CPU ({ratio:F2}x), up to {parallelism} at a time"));
        if (signals.Received)
        {
            context.Error.WriteLine($"mlp: {(signals.ExitCode == ExitCodes.Terminated ? "terminated (SIGTERM)" : "interrupted")} as the sweep finished; its {(request.Shard is null ? "table, CSV and plots were" : "shard file was")} written");
            return signals.ExitCode;
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// The table, its notes, sweep.csv and the figures of a whole sweep (run at once or merged from shards); the
    /// CSV and the figures are written together, all replaced or none.
    /// </summary>
    private static void Report(CommandContext context, SweepRequest request, SweepResult result)
    {
        var writer = context.Out;
        SweepTable.Write(context, result, request.Metric);
        writer.WriteLine();
        foreach (string note in SweepTable.Notes(result, request.Metric))
        {
            writer.WriteLine(note);
        }

        writer.WriteLine();
        // The CSV and the plots are one run's outputs: written together, all replaced or none.
        var files = new List<(OutputTarget, byte[])> { (request.Outputs[CsvFile], AtomicFile.Bytes(SweepCsv.Format(result))) };
        var lines = new List<string> { $"Wrote {Display(request.OutDirectory, CsvFile)} ({result.Runs.Length} rows)" };
        if (request.Plots)
        {
            files.Add((request.Outputs[LossPlotFile], SweepPlots.LossOverlay(result, request.Metric)));
            lines.Add($"Wrote {Display(request.OutDirectory, LossPlotFile)} (mean loss curve per configuration, the best highlighted)");
            if (SweepPlots.CanDrawFits(result, request.Data))
            {
                var reference = request.TutorialData ? TutorialData.ReferenceCurve() : null;
                files.Add((request.Outputs[FitPlotFile], SweepPlots.FitGrid(result, request.Data, reference, request.Metric)));
                lines.Add($"Wrote {Display(request.OutDirectory, FitPlotFile)} (best seed's fit per configuration)");
            }
        }

        AtomicFile.Commit(context, files);
        foreach (string line in lines)
        {
            writer.WriteLine(line);
        }

        // A fit grid left by an earlier sweep in the same folder would sit beside this sweep's CSV as if it
        // were this sweep's: once this sweep's outputs are in place, it goes.
        if (request.Plots && !SweepPlots.CanDrawFits(result, request.Data)
            && request.Outputs.GetValueOrDefault(FitPlotFile) is { Kind: OutputKind.Replace } stale && File.Exists(stale.Final))
        {
            File.Delete(stale.Final);
            writer.WriteLine($"Removed {Display(request.OutDirectory, FitPlotFile)} (an earlier sweep's; this one has no fit grid to draw)");
        }
    }

    private static void WriteHeader(TextWriter writer, SweepRequest request)
    {
        var grid = request.Grid;
        long steps = grid.Runs().Sum(r => (long)r.Training.Epochs * Batching.BatchCount(request.Data.Count, r.Training.Batches));
        string seeds = grid.Seeds == 1
            ? $"seed {grid.SeedBase}"
            : $"seeds {grid.SeedBase}..{grid.SeedBase + grid.Seeds - 1}";
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Sweep ({SweepTasks.Name(grid.Task)}): {grid.ConfigurationCount} configuration(s) x {grid.Seeds} seed(s) ({seeds}) = {grid.RunCount} run(s) of {grid.Epochs:N0} epochs"));
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Data: {request.DataSource} ({request.Data.Count} samples); {steps:N0} training steps in all"));
        if (request.LayoutNote is { } note)
        {
            writer.WriteLine(note);
        }

        if (request.Shard is { } shard)
        {
            var mine = shard.Select(grid.Runs());
            string list = mine.Length == 0 ? "none" : string.Join(", ", mine.Take(3).Select(r => r.Index)) + (mine.Length > 3 ? ", ..." : "");
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Shard {shard.Name}: runs {list} ({mine.Length} of {grid.RunCount})"));
        }

        writer.WriteLine();
    }

    private static string Display(string folder, string file) => Path.Combine(folder, file).Replace('\\', '/');
}
