using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Functional.Core;
using Functional.Core.Data;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Sweep;
using Functional.Core.Training;

namespace Functional.Cli.Commands;

/// <summary>The options of <c>mlp sweep</c> and how they become a <see cref="SweepGrid"/> and its data.</summary>
internal static partial class SweepCommand
{
    /// <summary>What the host needs besides the grid: where the data came from and what to write.</summary>
    internal sealed record SweepRequest(
        SweepGrid Grid, Dataset Data, string DataSource, bool TutorialData, string OutDirectory, int Parallelism,
        SweepMetric Metric, bool Plots, bool Quiet)
    {
        /// <summary>sweep.csv, sweep-loss.png and sweep-fits.png (or, with --shard, the shard file) in --out, checked before the runs.</summary>
        public ImmutableDictionary<string, OutputTarget> Outputs { get; init; } = ImmutableDictionary<string, OutputTarget>.Empty;

        /// <summary>With --shard K/N, the slice of the runs to train (even 1/1 writes a shard file); null for the whole sweep.</summary>
        public SweepShard? Shard { get; init; }

        /// <summary>The runs this request trains: its shard's, or every run.</summary>
        public SweepShard Slice => Shard ?? SweepShard.All;

        /// <summary>The SHA-256 of a --data file's bytes, as read ("" for the tutorial's data).</summary>
        public string DataSha256 { get; init; } = "";

        /// <summary>The line saying the layout came from the data's columns (no --layout, and not the task's default); null otherwise.</summary>
        public string? LayoutNote { get; init; }
    }

    /// <summary>The most runs (configurations x seeds) one sweep may hold.</summary>
    public const int MaxRuns = 100_000;

    private sealed class SweepOptionSet
    {
        public readonly Option<string?> Preset = new("--preset") { Description = "A ready-made grid: tutorial (the regression exercises, 54 configurations) or xor (2-2-1 vs 2-4-1, sigmoid vs tanh, adamw vs sgd)." };
        public readonly Option<string?> Task = new("--task") { Description = "regression (default) or xor." };
        public readonly Option<string[]> Layouts = Repeatable<string>("--layout", "A layout to try, e.g. 1,10,10,10,1 (repeat for more).");
        public readonly Option<string[]> Activations = Repeatable<string>("--activation", "A hidden activation to try: " + string.Join(", ", Activation.Names) + " (repeat for more).");
        public readonly Option<string[]> Optimizers = Repeatable<string>("--optimizer", "An optimizer to try, NAME[:key=value,...] (repeat for more): " + string.Join(", ", OptimizerSpec.Names) + ".");
        public readonly Option<double[]> LearningRates = NumericOptions.Doubles("--lr", "A learning rate to try with every optimizer (repeat for more). Default: adam 1e-4 (regression) / adamw 0.03 (xor), PyTorch's default for the others.");
        public readonly Option<string[]> BatchSizes = Repeatable<string>("--batch-size", "A batch size to try, or 'all' (repeat for more).");
        public readonly Option<int?> Seeds = NumericOptions.Int("--seeds", "Seeds per configuration K (seeds are --seed, --seed+1, ..., --seed+K-1). Default 3 (xor preset: 20).");
        public readonly Option<long?> Seed = NumericOptions.Seed("--seed", $"The first seed (default {TutorialRuns.RegressionSeed} for regression, {TutorialRuns.XorSeed} for xor).");
        public readonly Option<string?> Rng = new("--rng") { Description = "Generator of every run: torch (default: PyTorch's, drawn in a PyTorch script's order) or keyed." };
        public readonly Option<string?> Init = new("--init") { Description = "Initialiser of every run: " + string.Join(", ", Initializer.Names) + " (default torch; tutorial needs every layout to be 1-10-10-10-1)." };
        public readonly Option<int?> Epochs = NumericOptions.Int("--epochs", $"Epochs per run (default {SweepTasks.RegressionEpochs:N0} for regression, {SweepTasks.XorEpochs:N0} for xor).");
        public readonly Option<string?> Data = new("--data") { Description = "CSV file with your own data (inputs then target columns)." };
        public readonly Option<string> Out = new("--out") { Description = "Folder for sweep.csv and the plots (created if missing).", DefaultValueFactory = _ => "out" };
        public readonly Option<int> Parallel = NumericOptions.Int("--parallel", "Runs trained at once; 0 means one per core.", 0);
        public readonly Option<string> Sort = new("--sort") { Description = "Rank by mse (final MSE on the data, the default) or loss (last epoch's summed batch loss).", DefaultValueFactory = _ => "mse" };
        public readonly Option<bool> NoPlots = new("--no-plots") { Description = "Do not write plots." };
        public readonly Option<bool> Quiet = new("--quiet") { Description = "No progress display." };
        public readonly Option<string?> Shard = new("--shard") { Description = "K/N: train only the K-th of N deterministic slices of the runs and write their results to sweep-shard-K-of-N.json in --out; 'mlp sweep merge' joins the N files into the whole sweep's table, CSV and plots." };

        public IEnumerable<Option> All =>
            [Preset, Task, Layouts, Activations, Optimizers, LearningRates, BatchSizes, Seeds, Seed, Rng, Init, Epochs, Data, Out, Parallel, Sort, NoPlots, Quiet, Shard];

        private static Option<T[]> Repeatable<T>(string name, string description) => new(name)
        {
            Description = description,
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
    }

    private static SweepRequest Read(ParseResult parse, SweepOptionSet o)
    {
        var preset = parse.GetValue(o.Preset) is { } presetName
            ? Parse(() => SweepPresets.Named(presetName), "--preset")
            : null;
        var task = ReadTask(parse.GetValue(o.Task), preset);
        var defaults = task == SweepTask.Xor ? XorCommand.Defaults : RegressionCommand.Defaults;

        int seeds = parse.GetValue(o.Seeds) ?? preset?.Seeds ?? SweepPresets.TutorialSeeds;
        if (seeds < 1)
        {
            throw new UsageException($"--seeds {seeds}: must be at least 1");
        }

        int epochs = OptionParsers.Rule(RunRules.Epochs, parse.GetValue(o.Epochs) ?? SweepTasks.DefaultEpochs(task), "--epochs");

        RequireSeedRange(parse, o, seeds);

        int parallel = parse.GetValue(o.Parallel);
        if (parallel < 0)
        {
            throw new UsageException($"--parallel {parallel}: must be 0 (one per core) or more");
        }

        var rates = parse.GetValue(o.LearningRates) ?? [];
        foreach (double rate in rates)
        {
            OptionParsers.Rule(RunRules.LearningRate, rate, "--lr");
        }

        var grid = new SweepGrid(
            task,
            Pick(parse.GetValue(o.Layouts), preset?.Layouts, [defaults.Layout], text => OptionParsers.Layout(text)),
            Pick(parse.GetValue(o.Activations), preset?.Activations, [defaults.Activation], ParseActivation),
            Pick(parse.GetValue(o.Optimizers), preset?.Optimizers, [defaults.Optimizer.Name], ParseOptimizer),
            rates.Length > 0 ? [.. rates] : preset?.LearningRates ?? [],
            Pick(parse.GetValue(o.BatchSizes), preset?.BatchSizes, [defaults.BatchSize], OptionParsers.BatchSize),
            seeds,
            epochs,
            parse.GetValue(o.Seed) ?? defaults.Seed)
        {
            Random = Parse(() => RandomSources.Parse(parse.GetValue(o.Rng) ?? "torch"), "--rng"),
            Initializer = Parse(() => Initializer.Parse(parse.GetValue(o.Init) ?? "torch"), "--init"),
        };
        long runs = (long)grid.Layouts.Length * grid.Activations.Length * grid.Optimizers.Length * Math.Max(1, grid.LearningRates.Length) * grid.BatchSizes.Length * seeds;
        if (runs > MaxRuns)
        {
            throw new UsageException($"--seeds {seeds}: the sweep would hold {runs:N0} runs; at most {MaxRuns:N0} (configurations x seeds)");
        }

        foreach (var layout in grid.Layouts)
        {
            OptionParsers.RequireInitializerFits(grid.Initializer, layout, grid.Random);
        }

        string? file = parse.GetValue(o.Data);
        string outDirectory = parse.GetValue(o.Out)!;
        bool plots = !parse.GetValue(o.NoPlots);
        var shard = parse.GetValue(o.Shard) is { } shardText ? Parse(() => SweepShard.Parse(shardText), "--shard") : null;
        var outputs = CheckOutputs(outDirectory, shard is null ? (plots ? [CsvFile, LossPlotFile, FitPlotFile] : [CsvFile]) : [ShardFileName(shard)], file);
        string sha256 = "";
        var data = file is null ? SweepTasks.TutorialData(task) : LoadCsv(file, out sha256);
        string? layoutNote = null;
        if (file is not null && parse.GetValue(o.Layouts) is not { Length: > 0 } && preset?.Layouts is null)
        {
            // No --layout but --data: the replay's hidden layers between the data's input and target widths.
            var defaultLayout = OptionParsers.Layout(defaults.Layout);
            var inferred = RunData.InferLayout(defaultLayout, data, file);
            if (!inferred.SequenceEqual(defaultLayout))
            {
                OptionParsers.RequireInitializerFits(grid.Initializer, inferred, grid.Random);
                grid = grid with { Layouts = [inferred] };
                layoutNote = $"Layout: {string.Join(",", inferred)} (from the data's columns; --layout to choose)";
            }
        }

        foreach (var layout in grid.Layouts)
        {
            OptionParsers.RequireFits(data, layout);
        }

        var metric = ParseMetric(parse.GetValue(o.Sort)!);

        return new SweepRequest(
            grid, data, file ?? TutorialDataSource(task), file is null, outDirectory, parallel,
            metric, plots, parse.GetValue(o.Quiet))
        {
            Outputs = outputs,
            Shard = shard,
            DataSha256 = sha256,
            LayoutNote = layoutNote,
        };
    }

    private static string TutorialDataSource(SweepTask task) => $"the tutorial's {SweepTasks.Name(task)} data";

    private static SweepMetric ParseMetric(string text) => text.Trim().ToLowerInvariant() switch
    {
        "mse" => SweepMetric.FinalMse,
        "loss" => SweepMetric.FinalLoss,
        var other => throw new UsageException($"--sort '{other}': expected mse or loss"),
    };

    /// <summary>Checks --out and the files the sweep writes in it before any run (none may be the --data file).</summary>
    private static ImmutableDictionary<string, OutputTarget> CheckOutputs(string outDirectory, IEnumerable<string> names, string? dataFile)
    {
        if (dataFile is "")
        {
            throw new UsageException("--data '': expected a CSV file");
        }

        AtomicFile.CheckFolder("--out", outDirectory);
        var outputs = ImmutableDictionary.CreateBuilder<string, OutputTarget>();
        foreach (string name in names)
        {
            outputs[name] = AtomicFile.Check("--out", Path.Combine(outDirectory, name), createFolder: true);
        }

        AtomicFile.RequireDistinct(outputs.Values, [("--data", dataFile)]);
        return outputs.ToImmutable();
    }

    /// <summary>
    /// The seeds --seed .. --seed + K - 1 must all be seeds PyTorch takes (-2^63 .. 2^64 - 1) without crossing
    /// from the signed to the unsigned half, where they would wrap around.
    /// </summary>
    private static void RequireSeedRange(ParseResult parse, SweepOptionSet o, int seeds)
    {
        if (parse.GetResult(o.Seed)?.Tokens is not [var token, ..]
            || !Int128.TryParse(token.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var first))
        {
            return;
        }

        Int128 last = first + seeds - 1;
        bool wraps = first <= long.MaxValue ? last > long.MaxValue : last > ulong.MaxValue;
        if (wraps)
        {
            throw new UsageException($"--seed {token.Value} --seeds {seeds}: the last seed would be {last}, past {(first <= long.MaxValue ? long.MaxValue : ulong.MaxValue)}; choose a lower --seed");
        }
    }

    private static SweepTask ReadTask(string? text, SweepGrid? preset)
    {
        if (text is null)
        {
            return preset?.Task ?? SweepTask.Regression;
        }

        var task = Parse(() => SweepTasks.Parse(text), "--task");
        if (preset is not null && preset.Task != task)
        {
            throw new UsageException($"--task {text}: the preset is a {SweepTasks.Name(preset.Task)} sweep");
        }

        return task;
    }

    /// <summary>The values given on the command line, else the preset's, else the task's replay default.</summary>
    private static ImmutableArray<T> Pick<T>(string[]? given, ImmutableArray<T>? preset, string[] fallback, Func<string, T> parse) =>
        given is { Length: > 0 } ? [.. given.Select(parse)]
        : preset is { } values ? values
        : [.. fallback.Select(parse)];

    private static Activation ParseActivation(string text) => Parse(() => Activation.Parse(text), "--activation");

    private static OptimizerSpec ParseOptimizer(string text) => Parse(() => OptimizerSpec.Parse(text), $"--optimizer {text}");

    /// <summary>Reads a --data file in one pass, with the SHA-256 of its bytes.</summary>
    private static Dataset LoadCsv(string file, out string sha256)
    {
        try
        {
            return DatasetCsv.ReadFile(file, null, out sha256).Data;
        }
        catch (DataFormatException e)
        {
            throw new UsageException($"--data {e.Message}");
        }
    }

    private static T Parse<T>(Func<T> parse, string option)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new UsageException($"{option}: {e.Message}");
        }
    }
}
