using System.Diagnostics;
using System.Globalization;
using Functional.Cli.Plots;
using Functional.Core.Data;
using Functional.Core.Training;
using Spectre.Console;

namespace Functional.Cli;

/// <summary>
/// Runs a training request for a command: loads the data, trains with progress, prints the tutorial's log
/// lines, writes the trace, and returns the result with its wall time. Everything printed goes to the
/// command's writers; a live progress bar is drawn only when stdout is a terminal.
/// </summary>
internal static class RunHost
{
    public sealed record Outcome(TrainingResult Result, TimeSpan WallTime, int Steps);

    /// <summary>Checkpointing time that is never saved on: below it every due periodic checkpoint is written.</summary>
    private static readonly TimeSpan FreeCheckpointTime = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Trains (or, with --resume, continues) the request's run. Ctrl+C cancels between epochs (the caller then
    /// saves the state and exits 130); a second Ctrl+C ends the process at once. With --checkpoint-every the
    /// --save checkpoint is rewritten every N epochs.
    /// </summary>
    public static Outcome Train(CommandContext context, RunRequest request, Dataset data, RunSignals signals)
    {
        var config = request.Config;
        var from = request.ResumeFrom;
        var writer = context.Out;
        int batchesPerEpoch = Batching.BatchCount(TrainCount(config.ValidationFraction, data), config.Batches);

        // Periodic checkpoints rewrite the whole trace, so writing one every epoch would cost time quadratic in
        // the epochs. Once checkpointing has taken a second, a due checkpoint is skipped while it has taken longer
        // than training (the run takes at most about twice its time without checkpoints, plus that second); the
        // last one is always written. Runs whose checkpoints cost less than a second keep the exact cadence.
        var saving = new Stopwatch();
        var running = Stopwatch.StartNew();

        // What every epoch does besides logging: the periodic checkpoint and the test hook that stands in for Ctrl+C.
        void AfterEpoch(EpochProgress p)
        {
            if (request.CheckpointEvery is int every && p.Record.Epoch % every == 0
                && (saving.Elapsed < FreeCheckpointTime || saving.Elapsed <= running.Elapsed - saving.Elapsed || p.Record.Epoch == config.Epochs))
            {
                saving.Start();
                RunCheckpoints.Save(context, request.Outputs.Save!, request, p.ToState());
                saving.Stop();
                context.PeriodicCheckpointWritten?.Invoke(p.Record.Epoch);
            }

            if (context.InterruptAfter?.Invoke(p.Record) == true)
            {
                signals.Cancel();
            }
        }

        var stopwatch = Stopwatch.StartNew();
        TrainingResult result;
        {
            if (!request.Quiet && IsTerminal(context))
            {
                result = TrainWithProgress(request, data, from, AfterEpoch, signals.Token);
            }
            else
            {
                var callbacks = new TrainingCallbacks(
                    p =>
                    {
                        if (!request.Quiet && TrainingLog.IsLogged(p.Record.Epoch, request.LogEvery))
                        {
                            writer.WriteLine(TrainingLog.EpochLine(p.Record));
                        }

                        AfterEpoch(p);
                    },
                    signals.Token);
                result = from is null ? Trainer.Train(config, data, callbacks) : Trainer.Continue(config, data, from, callbacks);
            }
        }

        stopwatch.Stop();
        int startEpoch = from?.Epoch ?? 0;
        int steps = (result.State.Epoch - startEpoch) * batchesPerEpoch;
        if (result.Reason == StopReason.EarlyStopped && config.EarlyStopping is { } rule)
        {
            // Said even with --quiet: the run ended before --epochs, and the summary alone would not say why.
            string monitored = config.ValidationFraction > 0.0 ? "validation loss" : "training loss";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Stopped early at epoch {result.State.Epoch} of {config.Epochs}: the {monitored} has not improved by more than {rule.MinDelta} for {rule.Patience} epochs (best {PythonFormat.General(result.State.BestMonitored)})."));
        }

        if (!request.Quiet && result.Reason is not (StopReason.Diverged or StopReason.Cancelled))
        {
            writer.WriteLine(TrainingLog.Finished);
        }

        return new Outcome(result, stopwatch.Elapsed, steps);
    }

    /// <summary>
    /// When the run was interrupted (Ctrl+C), saves its state (to --save, or interrupted.json in --out), says
    /// where on stderr and returns true; the caller exits with <see cref="ExitCodes.Interrupted"/>.
    /// </summary>
    public static bool ReportInterruption(CommandContext context, RunRequest request, Outcome outcome, RunSignals signals)
    {
        if (outcome.Result.Reason != StopReason.Cancelled)
        {
            return false;
        }

        string path = RunCheckpoints.InterruptedPath(request);
        RunCheckpoints.Save(context, request.Outputs.Interrupted!, request, outcome.Result.State);
        string by = signals.ExitCode == ExitCodes.Terminated ? "terminated (SIGTERM)" : "interrupted";
        context.Error.WriteLine($"mlp: {by} after epoch {outcome.Result.State.Epoch}; checkpoint saved to {path} (continue with: mlp {request.Command} --resume {path})");
        return true;
    }

    /// <summary>
    /// After a run that completed or stopped early: writes the --save checkpoint, the --trace CSV and the figures
    /// together (all replaced, or on a failure none), and prints their paths (<c>Checkpoint: FILE</c>,
    /// <c>Plots: A, B</c>) after the summary.
    /// </summary>
    public static void WriteArtefacts(CommandContext context, RunRequest request, Dataset data, Outcome outcome, RunPlots.Kind kind, bool tutorialData)
    {
        var outputs = request.Outputs;
        var files = new List<(OutputTarget, byte[])>();
        if (outputs.Save is { } save)
        {
            files.Add((save, RunCheckpoints.Json(request, outcome.Result.State, save)));
        }

        if (outputs.Trace is { } trace)
        {
            files.Add((trace, TraceFile.Format(outcome.Result.Trace)));
        }

        var plots = new List<string>();
        foreach (var (name, bytes) in RunPlots.Render(request.Plots, kind, data, outcome.Result, tutorialData, request.ColumnNames))
        {
            var target = outputs.Figures.TryGetValue(name, out var checkedTarget) ? checkedTarget : AtomicFile.Check("--out", Path.Combine(request.OutDirectory, name), createFolder: true);
            files.Add((target, bytes));
            plots.Add(Path.Combine(request.OutDirectory, name));
        }

        AtomicFile.Commit(context, files);
        if (outputs.Save is not null)
        {
            context.Out.WriteLine($"Checkpoint: {request.SavePath}");
        }
        else if (request.ResumeFrom is not null)
        {
            // A resumed run keeps its checkpoint file as it was unless told where to save the continuation.
            context.Out.WriteLine("Checkpoint: none written (the resumed file is unchanged; add --save FILE to keep the continued run)");
        }

        if (plots.Count > 0)
        {
            context.Out.WriteLine($"Plots: {string.Join(", ", plots)}");
        }
    }

    /// <summary>
    /// When the run diverged, says so on stderr (the epoch and a hint) and returns true; the caller exits
    /// with <see cref="ExitCodes.Diverged"/>.
    /// </summary>
    public static bool ReportDivergence(CommandContext context, Outcome outcome)
    {
        if (outcome.Result.Reason != StopReason.Diverged)
        {
            return false;
        }

        context.Error.WriteLine($"mlp: training diverged at epoch {outcome.Result.DivergedAtEpoch}: the loss became NaN or infinite; try a lower learning rate (--lr)");
        return true;
    }

    /// <summary>
    /// The short summary after the log: steps, wall time, speed (the only figures that vary run to run) and the
    /// engine path the optimizer took (<c>fused</c> or <c>reference</c>).
    /// </summary>
    public static void WriteTiming(TextWriter writer, Outcome outcome)
    {
        double seconds = outcome.WallTime.TotalSeconds;
        double rate = seconds > 0 ? outcome.Steps / seconds : 0;
        string path = outcome.Result.Path == TrainingPath.Fused ? "fused" : "reference";
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Steps: {outcome.Steps:N0} in {seconds:F2} s ({rate:N0} steps/s, {path} path)"));
    }

    /// <summary>The samples a run trains on: all of the data, less the validation split.</summary>
    public static int TrainCount(double validationFraction, Dataset data) =>
        validationFraction > 0 ? data.Count - DataSplit.ValidationCount(data.Count, validationFraction) : data.Count;

    private static bool IsTerminal(CommandContext context) =>
        ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    private static TrainingResult TrainWithProgress(RunRequest request, Dataset data, TrainingState? from, Action<EpochProgress> afterEpoch, CancellationToken cancel)
    {
        TrainingResult? result = null;
        var config = request.Config;
        var progress = AnsiConsole.Progress();
        // A slower redraw leaves the core to training; four frames a second is smooth enough for a bar.
        progress.RefreshRate = TimeSpan.FromMilliseconds(250);
        progress
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("epoch 0", maxValue: Math.Max(1, config.Epochs));
                task.Value = from?.Epoch ?? 0;
                var callbacks = new TrainingCallbacks(p =>
                {
                    var record = p.Record;
                    if (TrainingLog.IsLogged(record.Epoch, request.LogEvery))
                    {
                        AnsiConsole.WriteLine(TrainingLog.EpochLine(record));
                    }

                    // Redrawing costs more than an epoch of the tutorial's net: update every 1/500 of the run.
                    if (record.Epoch % Math.Max(1, config.Epochs / 500) == 0 || record.Epoch == config.Epochs)
                    {
                        task.Value = record.Epoch;
                        task.Description = $"epoch {record.Epoch}, loss {PythonFormat.General(record.Loss)}";
                    }

                    afterEpoch(p);
                },
                cancel);
                result = from is null ? Trainer.Train(config, data, callbacks) : Trainer.Continue(config, data, from, callbacks);
            });
        return result!;
    }
}
