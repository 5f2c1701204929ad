using System.CommandLine;
using Functional.Core.Model;

namespace Functional.Cli.Commands;

/// <summary><c>mlp summary</c>: prints the network as PyTorch prints the tutorial's module, and its parameters.</summary>
internal static class SummaryCommand
{
    public static Command Create(CommandContext context)
    {
        var layout = new Option<string>("--layout") { Description = "Widths from input to output.", DefaultValueFactory = _ => "1,10,10,10,1" };
        var activation = new Option<string>("--activation") { Description = "Hidden activation, one or one per hidden layer: " + string.Join(", ", Activation.Names), DefaultValueFactory = _ => "relu" };
        var outputActivation = new Option<string?>("--output-activation") { Description = "Activation after the output layer (default none)." };
        var command = new Command("summary", "Print the network's PyTorch-style summary and its parameter count.") { layout, activation, outputActivation };
        command.SetAction(parse =>
        {
            var widths = OptionParsers.Layout(parse.GetValue(layout)!);
            var activations = OptionParsers.Activations(parse.GetValue(activation)!, widths.Length - 1, parse.GetValue(outputActivation));
            var model = Mlp.Zeros(widths, activations);
            context.Out.WriteLine(ModelSummary.Render(model));
            return ExitCodes.Ok;
        });
        return command;
    }
}
