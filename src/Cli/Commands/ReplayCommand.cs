using System.CommandLine;
using Functional.Cli.Plots;
using Functional.Core.Data;
using Functional.Core.Training;

namespace Functional.Cli.Commands;

/// <summary>
/// What <c>mlp regression</c> and <c>mlp xor</c> share: the training options, loading the data, the run
/// with its log, the interrupted and diverged endings, then the command's own report, the timing line and
/// the artefacts (checkpoint, trace, figures).
/// </summary>
internal sealed record ReplayCommand(
    string Name,
    string Description,
    RunDefaults Defaults,
    Func<Dataset> BuiltInData,
    RunPlots.Kind Plot,
    Action<TextWriter, Dataset, RunRequest, RunHost.Outcome> Report)
{
    public Command Create(CommandContext context)
    {
        var options = new TrainOptions(Defaults, Name, Plot);
        var command = new Command(Name, Description);
        options.AddTo(command);
        command.SetAction(parse =>
        {
            // Signals are handled from the start: one that arrives while the data is read stops the run at epoch 0.
            using var signals = new RunSignals();
            var (data, request) = RunData.Load(options.Read(parse), BuiltInData);
            if (request.LayoutNote is { } note && !request.Quiet)
            {
                context.Out.WriteLine(note);
            }

            bool tutorialData = request.DataFile is null;
            var warmUp = PlotWarmUp.Start(request.Plots, Plot, data, tutorialData, () => request.ResumeFrom?.Model ?? Trainer.Start(request.Config).Model);
            var outcome = RunHost.Train(context, request, data, signals);
            warmUp.Wait();
            if (RunHost.ReportInterruption(context, request, outcome, signals))
            {
                return signals.ExitCode;
            }

            if (RunHost.ReportDivergence(context, outcome))
            {
                return ExitCodes.Diverged;
            }

            Report(context.Out, data, request, outcome);
            RunHost.WriteTiming(context.Out, outcome);
            RunHost.WriteArtefacts(context, request, data, outcome, Plot, tutorialData);
            if (signals.Received)
            {
                // The signal came after the last epoch: the finished run's outputs were written all the same.
                string by = signals.ExitCode == ExitCodes.Terminated ? "terminated (SIGTERM)" : "interrupted";
                context.Error.WriteLine($"mlp: {by} as the run finished; its outputs were written (nothing to resume)");
                return signals.ExitCode;
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
