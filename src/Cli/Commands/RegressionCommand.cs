using System.CommandLine;
using Functional.Core.Model;

namespace Functional.Cli.Commands;

/// <summary>
/// <c>mlp regression</c>: the tutorial's non-linear regression replay. Until training lands it prints the
/// network it will train.
/// </summary>
internal static class RegressionCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("regression", "Replay the tutorial's non-linear regression (1-10-10-10-1 ReLU, Adam).");
        command.SetAction(_ =>
        {
            var model = Initializer.TorchDefault.Initialize([1, 10, 10, 10, 1], Mlp.UniformActivations(4, Activation.Relu), seed: 42);
            context.Out.WriteLine(ModelSummary.Render(model));
            context.Out.WriteLine("Training is not implemented yet.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
