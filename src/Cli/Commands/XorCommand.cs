using System.CommandLine;
using System.Globalization;
using Functional.Cli.Plots;
using Functional.Core.Data;
using Functional.Core.Model;
using Functional.Core.Sweep;
using Functional.Core.Training;

namespace Functional.Cli.Commands;

/// <summary>
/// <c>mlp xor</c>: the tutorial's XOR replay (2-2-1, sigmoid hidden layer, MSE, AdamW lr 0.03 with weight
/// decay 0.01, full batch, 1,000 epochs, a log line every 250), then whether XOR was solved.
/// </summary>
internal static class XorCommand
{
    public static readonly RunDefaults Defaults = new(TutorialRuns.XorRun, LogEvery: 250);

    public static Command Create(CommandContext context) => new ReplayCommand(
        "xor",
        "Replay the tutorial's XOR run (2-2-1 sigmoid, AdamW lr 0.03, 1,000 epochs) and say whether it solved XOR. Example: mlp xor --seed 42 --layout 2,4,1",
        Defaults,
        XorData.Create,
        RunPlots.Kind.DecisionBoundary,
        (writer, data, _, outcome) => WriteVerdict(writer, data, outcome.Result.Model)).Create(context);

    /// <summary>Solved means every rounded output equals its target (<see cref="SweepMetrics.Solves"/>).</summary>
    private static void WriteVerdict(TextWriter writer, Dataset data, Mlp model)
    {
        bool solved = SweepMetrics.Solves(model, data);
        var outputs = model.Predict(data.X);
        writer.WriteLine(solved ? "XOR solved: yes (every rounded output equals its target)" : "XOR not solved: some rounded outputs differ from their targets");
        // One column per input (x1 x2 for XOR's own data; a --data file may have more or fewer).
        writer.WriteLine(string.Concat(Enumerable.Range(1, data.InputCount).Select(j => $"{"x" + j,5}")) + "  target  output  rounded");
        for (int i = 0; i < data.Count; i++)
        {
            // Inputs as given (up to 4 decimals, so a CSV's 0.25 is not shown as 0); + 0.0 turns -0 into 0.
            string inputs = string.Concat(Enumerable.Range(0, data.InputCount).Select(j => string.Create(CultureInfo.InvariantCulture, $"{data.X[i, j] + 0.0,5:0.####}")));
            writer.WriteLine(inputs + string.Create(CultureInfo.InvariantCulture,
                $"{data.Y[i, 0] + 0.0,8:0.####}{outputs[i, 0] + 0.0,8:0.0000}{Math.Round(outputs[i, 0], MidpointRounding.ToEven) + 0.0,9:0}"));
        }
    }
}
