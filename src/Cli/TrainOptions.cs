using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Serialization;
using Functional.Cli.Plots;
using Functional.Core.Training;

namespace Functional.Cli;

/// <summary>A parsed training request: the run's settings (the one place its optimizer is held) plus what the host does around it.</summary>
internal sealed record RunRequest(
    RunSpec Run,
    int LogEvery,
    string? DataFile,
    string OutDirectory,
    string? TraceFile,
    bool Quiet)
{
    /// <summary>
    /// The training config, built from <see cref="Run"/>; only once the data is loaded (a cosine schedule
    /// without t_max takes the run's length from the data).
    /// </summary>
    public TrainingConfig Config => Run.ToConfig();

    /// <summary>The command that runs it (regression, xor), stored in checkpoints.</summary>
    public string Command { get; init; } = "";

    /// <summary>The checkpoint file of --save, or null.</summary>
    public string? SavePath { get; init; }

    /// <summary>--checkpoint-every: save every N epochs (to <see cref="SavePath"/>), or null.</summary>
    public int? CheckpointEvery { get; init; }

    /// <summary>With --resume, the saved state the run continues from; null for a fresh run.</summary>
    public TrainingState? ResumeFrom { get; init; }

    /// <summary>The host section written into this run's checkpoints.</summary>
    public ImmutableSortedDictionary<string, string> Host { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>Which figures to draw, and where.</summary>
    public PlotRequest Plots { get; init; } = new(false, PlotFormat.Png, "out");

    /// <summary>Every file the run may write, checked before training.</summary>
    public RunOutputs Outputs { get; init; } = RunOutputs.None;

    /// <summary>The checkpoint of --resume, or null.</summary>
    public string? ResumePath { get; init; }

    /// <summary>With --resume of a --data run, the SHA-256 the data must still have; null otherwise.</summary>
    public string? ExpectedDataHash { get; init; }

    /// <summary>The first input's and first target's column names of a --data file with a header (for figure axes); null otherwise.</summary>
    public (string Input, string Target)? ColumnNames { get; init; }

    /// <summary>The --data file when it was already read (to infer the layout), so it is read only once; null otherwise.</summary>
    public LoadedCsv? Preloaded { get; init; }

    /// <summary>The line that says where the layout came from when the user did not choose it and it is not the command's default; null otherwise.</summary>
    public string? LayoutNote { get; init; }
}

/// <summary>
/// The files a run may write, each checked before training: the --save checkpoint, the --trace CSV, where an
/// interrupted run saves, and the figures in --out by file name.
/// </summary>
internal sealed record RunOutputs(OutputTarget? Save, OutputTarget? Trace, OutputTarget? Interrupted, ImmutableDictionary<string, OutputTarget> Figures)
{
    /// <summary>No outputs (a request not yet checked).</summary>
    public static readonly RunOutputs None = new(null, null, null, ImmutableDictionary<string, OutputTarget>.Empty);
}

/// <summary>
/// The options shared by <c>mlp regression</c> and <c>mlp xor</c>: one place that declares them, adds them
/// to a command and turns their values into a <see cref="RunRequest"/>, with one-line errors naming the option.
/// </summary>
internal sealed partial class TrainOptions
{
    private readonly Option<int?> epochs = NumericOptions.Int("--epochs", "Total epochs to train.");
    private readonly Option<string?> batchSize = new("--batch-size") { Description = "Samples per batch, or 'all' for the full batch." };
    private readonly Option<double?> lr = NumericOptions.Double("--lr", "Learning rate.");
    private readonly Option<string?> layout = new("--layout") { Description = "Widths from input to output, e.g. 1,10,10,10,1." };
    private readonly Option<string?> activation = new("--activation") { Description = "Hidden activation, one or one per hidden layer: " + string.Join(", ", Activation.Names) + "." };
    private readonly Option<string?> outputActivation = new("--output-activation") { Description = "Activation after the output layer (default none)." };
    private readonly Option<string?> loss = new("--loss") { Description = "Loss: " + string.Join(", ", Loss.Names) + " (huber:DELTA)." };
    private readonly Option<string?> init = new("--init") { Description = "Initialiser: " + string.Join(", ", Initializer.Names) + " (append :zero_bias for zero biases); 'tutorial' is the tutorial's printed start, for 1-10-10-10-1 only; onnx:FILE starts from the parameters of an ONNX model (its layout and activations unless given)." };
    private readonly Option<long?> seed = NumericOptions.Seed("--seed", "Seed of the generator (torch.manual_seed with --rng torch): initialisation, split and every epoch's order.");
    private readonly Option<string?> rng = new("--rng") { Description = "Generator: torch (PyTorch's, drawn in a PyTorch script's order) or keyed (one stream per purpose)." };
    private readonly Option<int?> logEvery = NumericOptions.Int("--log-every", "Print the loss every N epochs.");
    private readonly Option<string?> data = new("--data") { Description = "CSV file with your own data (inputs then target columns)." };
    private readonly Option<string> outDir = new("--out") { Description = "Folder for the figures and an interrupted run's checkpoint (created when missing).", DefaultValueFactory = _ => "out" };
    private readonly Option<string?> trace = new("--trace") { Description = "Write epoch,loss for every epoch to this CSV file." };
    private readonly Option<bool> quiet = new("--quiet") { Description = "Print only the final summary." };
    private readonly Option<double> validation = NumericOptions.Double("--validation", "Fraction of samples held out for validation, in [0, 1).", 0.0);
    private readonly Option<int?> patience = NumericOptions.Int("--patience", "Early stopping: epochs without improvement before stopping.");
    private readonly Option<double> minDelta = NumericOptions.Double("--min-delta", "Early stopping: smallest decrease that counts as improvement.", 0.0);
    private readonly Option<bool> noShuffle = new("--no-shuffle") { Description = "Keep the data's order in every epoch." };
    private readonly Option<bool> dropLast = new("--drop-last") { Description = "Drop each epoch's last batch when it is smaller than --batch-size (DataLoader's drop_last)." };
    private readonly Option<string?> save = new("--save") { Description = "Write a checkpoint (settings, model, optimizer state, trace) to this file at the end, atomically." };
    private readonly Option<int?> checkpointEvery = NumericOptions.Int("--checkpoint-every", "Also write the --save checkpoint every N epochs.");
    private readonly Option<string?> resume = new("--resume") { Description = "Continue the run saved in this checkpoint up to --epochs (default: its own total), with its saved settings." };
    private readonly Option<bool> noPlots = new("--no-plots") { Description = "Draw no figures." };
    private readonly Option<string> format = new("--format") { Description = "Figure format: png or svg.", DefaultValueFactory = _ => "png" };
    private readonly OptimizerOptions optimizer = new();
    private readonly RunDefaults defaults;
    private readonly string command;
    private readonly RunPlots.Kind plotKind;

    public TrainOptions(RunDefaults defaults, string command, RunPlots.Kind plotKind = RunPlots.Kind.Fit)
    {
        this.defaults = defaults;
        this.command = command;
        this.plotKind = plotKind;

        // Each command's --help shows its own defaults (the options are shared, the defaults are not).
        string D(object value) => string.Create(CultureInfo.InvariantCulture, $" Default: {value}.");
        epochs.Description += D(defaults.Epochs);
        batchSize.Description += D(defaults.BatchSize);
        lr.Description += D(defaults.Optimizer.EffectiveLearningRate);
        layout.Description += D(defaults.Layout) + " With --data, the first and last widths are the data's input and target column counts.";
        activation.Description += D(defaults.Activation);
        loss.Description += D(defaults.Loss);
        init.Description += D(defaults.Init == "tutorial" ? "tutorial for 1-10-10-10-1, torch for other layouts" : defaults.Init);
        seed.Description += D(defaults.Seed);
        rng.Description += D("torch");
        logEvery.Description += D(defaults.LogEvery);
        noShuffle.Description += defaults.Shuffle ? "" : " (This command keeps the data's order by default.)";
        optimizer.DescribeDefaults(defaults.Optimizer);
    }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { epochs, batchSize, lr, layout, activation, outputActivation, loss, init, seed, rng, logEvery, data, outDir, trace, quiet, validation, patience, minDelta, noShuffle, dropLast, save, checkpointEvery, resume, noPlots, format })
        {
            command.Options.Add(option);
        }

        optimizer.AddTo(command);
    }

    /// <summary>
    /// Reads the options into a request: a fresh run, or with --resume the saved run continued (see
    /// <see cref="ReadResumed"/>). Throws <see cref="UsageException"/> naming the offending option.
    /// </summary>
    public RunRequest Read(ParseResult parse)
    {
        string? resumePath = parse.GetValue(resume);
        if (resumePath is "")
        {
            throw new UsageException("--resume '': expected a checkpoint file");
        }

        var request = resumePath is { } path ? ReadResumed(parse, path) : ReadFresh(parse);
        string? savePath = parse.GetValue(save);
        int? every = parse.GetValue(checkpointEvery);
        if (every is int n && n < 1)
        {
            throw new UsageException($"--checkpoint-every {n}: must be at least 1");
        }

        if (every is not null && savePath is null)
        {
            throw new UsageException("--checkpoint-every needs --save FILE to say where the checkpoint goes");
        }

        var plots = new PlotRequest(!parse.GetValue(noPlots), PlotStyle.ParseFormat(parse.GetValue(format)!), request.OutDirectory);
        request = request with { Command = command, SavePath = savePath, CheckpointEvery = every, Plots = plots };
        return request with { Outputs = CheckOutputs(request, resumePath) };
    }

    /// <summary>
    /// Checks every output before any work (docs/errors.md): --save, --trace, the --out folder, the figures and
    /// the interrupted-run checkpoint; none may be an input (--data, --resume), except that --save may be the
    /// checkpoint being resumed.
    /// </summary>
    private RunOutputs CheckOutputs(RunRequest request, string? resumePath)
    {
        long parameters = Functional.Core.Limits.ParameterCount(request.Run.Layout);
        long bound = Functional.Core.Limits.CheckpointBound(parameters, request.Run.Epochs);
        if (bound > Functional.Core.Limits.MaxJsonBytes)
        {
            throw new UsageException($"--layout {string.Join(",", request.Run.Layout)} --epochs {request.Run.Epochs}: a checkpoint of this run could reach {bound >> 20:N0} MiB, more than the {Functional.Core.Limits.MaxJsonBytes >> 20:N0} MiB a checkpoint file may hold; use fewer epochs or a smaller layout");
        }

        var save = request.SavePath is { } savePath ? AtomicFile.Check("--save", savePath, createFolder: true) : null;
        var trace = request.TraceFile is { } tracePath ? AtomicFile.Check("--trace", tracePath) : null;
        OutputTarget? interrupted = save;
        var figures = ImmutableDictionary.CreateBuilder<string, OutputTarget>();
        if (request.Plots.Enabled || save is null)
        {
            AtomicFile.CheckFolder("--out", request.OutDirectory);
        }

        if (save is null)
        {
            interrupted = AtomicFile.Check("--out", Path.Combine(request.OutDirectory, RunCheckpoints.InterruptedFileName), createFolder: true);
        }

        if (request.Plots.Enabled)
        {
            foreach (string name in RunPlots.FileNames(plotKind, request.Plots.Format))
            {
                figures[name] = AtomicFile.Check("--out", Path.Combine(request.OutDirectory, name), createFolder: true);
            }
        }

        var outputs = new RunOutputs(save, trace, interrupted, figures.ToImmutable());
        AtomicFile.RequireDistinct(
            [save, trace, .. save is null ? new[] { interrupted } : [], .. outputs.Figures.Values],
            [("--data", request.DataFile), ("--resume", resumePath)],
            ("--save", "--resume"));
        return outputs;
    }

    private RunRequest ReadFresh(ParseResult parse)
    {
        var start = OnnxStart(parse.GetValue(init));
        string? dataFile = parse.GetValue(data);
        if (dataFile is "")
        {
            throw new UsageException("--data '': expected a CSV file");
        }

        var widths = start is not null && parse.GetValue(layout) is null
            ? start.Layout
            : OptionParsers.Layout(parse.GetValue(layout) ?? defaults.Layout);

        // No --layout but --data: the data's input and target columns give the outer widths (the file is read
        // here, once, and handed on), the command's default gives the hidden ones.
        LoadedCsv? preloaded = null;
        string? layoutNote = null;
        if (start is null && parse.GetValue(layout) is null && dataFile is not null)
        {
            preloaded = RunData.Read(dataFile);
            var defaultWidths = widths;
            widths = RunData.InferLayout(defaultWidths, preloaded.Csv.Data, dataFile);
            if (!widths.SequenceEqual(defaultWidths))
            {
                layoutNote = $"Layout: {string.Join(",", widths)} (from the data's columns; --layout to choose)";
            }
        }

        var activations = start is not null && parse.GetValue(activation) is null && parse.GetValue(outputActivation) is null
            ? start.Activations
            : OptionParsers.Activations(parse.GetValue(activation) ?? defaults.Activation, widths.Length - 1, parse.GetValue(outputActivation));
        var lossFunction = Parse(() => Loss.Parse(parse.GetValue(loss) ?? defaults.Loss), "--loss");
        var random = Parse(() => RandomSources.Parse(parse.GetValue(rng) ?? "torch"), "--rng");
        var initializer = start is not null
            ? RequireStartFits(start, widths, activations, parse.GetValue(init)!)
            : parse.GetValue(init) is { } initName
                ? Parse(() => Initializer.Parse(initName), "--init")
                : defaults.DefaultInitializer(widths);
        OptionParsers.RequireInitializerFits(initializer, widths, random, preloaded is null ? null : "--data's columns");
        int epochCount = OptionParsers.Rule(RunRules.Epochs, parse.GetValue(epochs) ?? defaults.Epochs, "--epochs");

        int every = parse.GetValue(logEvery) ?? defaults.LogEvery;
        if (every < 1)
        {
            throw new UsageException($"--log-every {every}: must be at least 1");
        }

        double fraction = OptionParsers.Rule(RunRules.ValidationFraction, parse.GetValue(validation), "--validation");
        var early = parse.GetValue(patience) is int p
            ? new EarlyStopping(OptionParsers.Rule(RunRules.Patience, p, "--patience"), OptionParsers.Rule(RunRules.MinDelta, parse.GetValue(minDelta), "--min-delta"))
            : null;

        var (optimizerSpec, schedule) = optimizer.Read(parse, lr, defaults.Optimizer);
        string batchText = parse.GetValue(batchSize) ?? defaults.BatchSize;
        var run = new RunSpec(
            widths,
            activations,
            initializer,
            lossFunction,
            optimizerSpec,
            new BatchOptions(OptionParsers.BatchSize(batchText), Shuffle: defaults.Shuffle && !parse.GetValue(noShuffle), DropLast: parse.GetValue(dropLast)),
            epochCount,
            parse.GetValue(seed) ?? defaults.Seed,
            fraction,
            early,
            Random: random) { Schedule = schedule };
        return new RunRequest(run, every, dataFile, parse.GetValue(outDir)!, parse.GetValue(trace), parse.GetValue(quiet))
        {
            Host = RunCheckpoints.Host(command, every),
            Preloaded = preloaded,
            LayoutNote = layoutNote,
        };
    }

    // --init onnx:FILE: the run starts from the parameters of a network in an ONNX file (fine-tuning).
    private static Mlp? OnnxStart(string? init) =>
        init is not null && init.TrimStart().StartsWith(OnnxPrefix, StringComparison.OrdinalIgnoreCase)
            ? ModelFiles.LoadOnnx(init.TrimStart()[OnnxPrefix.Length..], "--init onnx:")
            : null;

    private const string OnnxPrefix = "onnx:";

    private static T Parse<T>(Func<T> parse, string option)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new UsageException($"{option}: {e.Message}");
        }
    }
}
