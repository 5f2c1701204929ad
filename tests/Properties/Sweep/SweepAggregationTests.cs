using System.Collections.Immutable;
using Functional.Core.Data;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Sweep;
using Functional.Core.Training;

namespace Functional.Properties.Tests.Sweep;

/// <summary>Summaries and ranking over hand-made run results with known numbers.</summary>
public class SweepAggregationTests
{
    private static readonly SweepGrid Grid = new(
        SweepTask.Xor, [[2, 2, 1]], [Activation.Sigmoid, Activation.Tanh, Activation.Relu], [OptimizerSpec.Named("adamw")], [], [int.MaxValue], Seeds: 3, Epochs: 2);

    /// <summary>A result with the given numbers and a two-epoch trace whose losses are (2 × final, final).</summary>
    private static SweepRunResult Result(SweepRun run, double loss, double mse, bool? solved, double seconds)
    {
        var state = Trainer.Start(run.Training);
        bool diverged = double.IsNaN(loss);
        var trace = diverged
            ? TrainingTrace.Empty
            : new TrainingTrace([new EpochRecord(1, 2 * loss), new EpochRecord(2, loss)]);
        var training = new TrainingResult(state with { Trace = trace, Epoch = trace.Epochs.Length }, diverged ? StopReason.Diverged : StopReason.Completed, diverged ? 1 : null);
        return new SweepRunResult(run, training, loss, mse, solved, TimeSpan.FromSeconds(seconds));
    }

    private static SweepResult Made(params (double Loss, double Mse, bool Solved, double Seconds)[] values)
    {
        var runs = Grid.Runs();
        return SweepResult.Of(Grid, [.. runs.Select((r, i) => Result(r, values[i].Loss, values[i].Mse, values[i].Solved, values[i].Seconds))]);
    }

    [Fact]
    public void A_configuration_summary_has_the_hand_worked_numbers()
    {
        var result = Made(
            (0.2, 0.1, true, 1.0), (0.4, 0.3, true, 2.0), (0.6, 0.2, false, 3.0),      // sigmoid
            (0.1, 0.05, false, 1.0), (double.NaN, double.NaN, false, 1.0), (0.3, 0.15, false, 1.0), // tanh
            (0.5, 0.4, true, 0.5), (0.5, 0.4, true, 0.5), (0.5, 0.4, true, 0.5));      // relu

        var sigmoid = result.Configurations[0];
        Assert.Equal(0.4, sigmoid.Loss.Mean, 15);
        Assert.Equal(0.2, sigmoid.Loss.StandardDeviation, 15); // deviations ±0.2, 0: sqrt(0.08 / 2)
        Assert.Equal(0.2, sigmoid.Mse.Mean, 15);
        Assert.Equal(0.1, sigmoid.Mse.StandardDeviation, 15);
        Assert.Equal(42, sigmoid.Best(SweepMetric.FinalMse)!.Seed);
        Assert.Equal(43, sigmoid.Worst(SweepMetric.FinalMse)!.Seed);
        Assert.Equal(44, sigmoid.Worst(SweepMetric.FinalLoss)!.Seed);
        Assert.Equal(2.0 / 3.0, sigmoid.SolvedFraction);
        Assert.Equal(2, sigmoid.SolvedCount);
        Assert.Equal(TimeSpan.FromSeconds(2), sigmoid.MeanElapsed);
        Assert.Equal([0.8, 0.4], sigmoid.MeanLossCurve.Select(v => Math.Round(v, 12)));

        var tanh = result.Configurations[1];
        Assert.Equal(1, tanh.Diverged);
        Assert.Equal(0.1, tanh.Mse.Mean, 15);
        Assert.Equal(43, tanh.Worst(SweepMetric.FinalMse)!.Seed);
        Assert.Equal(0.0, tanh.SolvedFraction);
        Assert.Equal([0.4, 0.2], tanh.MeanLossCurve.Select(v => Math.Round(v, 12))); // diverged seed left out
    }

    [Fact]
    public void Xor_ranks_by_solved_share_then_diverged_seeds_then_mean()
    {
        var result = Made(
            (0.2, 0.1, true, 1), (0.4, 0.3, true, 1), (0.6, 0.2, false, 1),
            (0.1, 0.05, false, 1), (double.NaN, double.NaN, false, 1), (0.3, 0.15, false, 1),
            (0.5, 0.4, true, 1), (0.5, 0.4, true, 1), (0.5, 0.4, true, 1));
        Assert.Equal(["relu", "sigmoid", "tanh"], result.Ranked().Select(s => s.Configuration.Activation.Name));
    }

    [Fact]
    public void Regression_ranks_by_diverged_seeds_then_the_chosen_mean()
    {
        var grid = Grid with { Task = SweepTask.Regression };
        var runs = grid.Runs();
        (double Loss, double Mse)[] values = [(9, 1), (9, 1), (9, 1), (1, 5), (1, 5), (1, 5), (0, 0), (double.NaN, double.NaN), (0, 0)];
        var result = SweepResult.Of(grid, [.. runs.Select((r, i) => Result(r, values[i].Loss, values[i].Mse, null, 0))]);

        Assert.Equal([0, 1, 2], result.Ranked(SweepMetric.FinalMse).Select(s => s.Configuration.Index));
        Assert.Equal([1, 0, 2], result.Ranked(SweepMetric.FinalLoss).Select(s => s.Configuration.Index));
        Assert.All(result.Configurations, s => Assert.Null(s.SolvedFraction));
    }

    [Fact]
    public void Csv_has_one_row_per_run_in_run_order()
    {
        var result = Made(
            (0.2, 0.1, true, 1.25), (0.4, 0.3, true, 2), (0.6, 0.2, false, 3),
            (0.1, 0.05, false, 1), (double.NaN, double.NaN, false, 1), (0.3, 0.15, false, 1),
            (0.5, 0.4, true, 0.5), (0.5, 0.4, true, 0.5), (0.5, 0.4, true, 0.5));
        var lines = SweepCsv.Format(result).TrimEnd('\n').Split('\n');
        Assert.Equal(SweepCsv.Header, lines[0]);
        Assert.Equal(10, lines.Length);
        Assert.Equal("xor,2-2-1,sigmoid,adamw,0.03,all,42,0.2,0.1,2,1.250,completed,true", lines[1]);
        Assert.Equal("xor,2-2-1,tanh,adamw,0.03,all,43,nan,nan,0,1.000,diverged,false", lines[5]);
    }

    [Fact]
    public void Csv_quotes_an_optimizer_with_several_options_and_writes_exponents_as_python()
    {
        var grid = Grid with { Optimizers = [OptimizerSpec.Parse("adamw:weight_decay=0.1,beta1=0.8")], Activations = [Activation.Sigmoid], Seeds = 1 };
        var result = SweepResult.Of(grid, [Result(grid.Runs()[0], 1.5e45, 2.5e-7, false, 0)]);
        Assert.Contains(",\"adamw:weight_decay=0.1,beta1=0.8\",0.03,all,42,1.5e+45,2.5e-07,", SweepCsv.Format(result));
    }
}
