using System.CommandLine;
using Functional.Cli.Plots;
using Functional.Core.Data;

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
    Action<TextWriter, Dataset, RunHost.Outcome> Report)
{
    public Command Create(CommandContext context)
    {
        var options = new TrainOptions(Defaults, Name, Plot);
        var command = new Command(Name, Description);
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var (data, request) = RunData.Load(options.Read(parse), BuiltInData);
            var outcome = RunHost.Train(context, request, data);
            if (RunHost.ReportInterruption(context, request, outcome))
            {
                return ExitCodes.Interrupted;
            }

            if (RunHost.ReportDivergence(context, outcome))
            {
                return ExitCodes.Diverged;
            }

            Report(context.Out, data, outcome);
            RunHost.WriteTiming(context.Out, outcome);
            RunHost.WriteArtefacts(context, request, data, outcome, Plot, tutorialData: request.DataFile is null);
            return ExitCodes.Ok;
        });
        return command;
    }
}
