using System.CommandLine;
using Functional.Cli.Plots;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Training;

namespace Functional.Cli.Commands;

/// <summary>
/// <c>mlp regression</c>: the tutorial's non-linear regression replay (seed-42 NumPy data, 1-10-10-10-1
/// ReLU, MSE, Adam lr 1e-4, batches of 25 reshuffled every epoch, 50,000 epochs, a log line every 2,500),
/// or the same training on the user's CSV data.
/// </summary>
internal static class RegressionCommand
{
    public static readonly RunDefaults Defaults = new(TutorialRuns.RegressionRun, LogEvery: 2_500);

    public static Command Create(CommandContext context) => new ReplayCommand(
        "regression",
        "Replay the tutorial's non-linear regression (1-10-10-10-1 ReLU, Adam, 50,000 epochs, from its printed start), or train on --data. Example: mlp regression --epochs 5000 --lr 1e-3 --save run.json",
        Defaults,
        TutorialData.Generate,
        RunPlots.Kind.Fit,
        WriteSummary).Create(context);

    /// <summary>
    /// The final mean squared error on the data, and what the log lines were (a sum of batch means, as the
    /// tutorial prints them, so they are not an MSE); with --validation, the training and held-out parts apart.
    /// </summary>
    private static void WriteSummary(TextWriter writer, Dataset data, RunRequest request, RunHost.Outcome outcome)
    {
        var config = request.Config;
        var model = outcome.Result.Model;
        double Mse(Dataset part) => new MseLoss().Value(model.Predict(part.X), part.Y);
        var (train, validation) = RunDraws.Split(config, data);
        int batches = Batching.BatchCount(train.Count, config.Batches);
        string logged = batches == 1 ? "the log lines are the loss of the one full batch" : $"each log line sums the epoch's {batches} batch means";
        if (validation is null)
        {
            writer.WriteLine($"Final MSE on the data: {PythonFormat.General(Mse(data))} ({data.Count} samples; {logged})");
            return;
        }

        writer.WriteLine($"Final MSE: {PythonFormat.General(Mse(train))} on the {train.Count} training samples, {PythonFormat.General(Mse(validation))} on the {validation.Count} held out ({logged})");
    }
}
