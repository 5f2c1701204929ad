using System.Collections.Immutable;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Sweep;

namespace Functional.Properties.Tests.Sweep;

public class SweepGridTests
{
    internal static SweepGrid Grid(
        SweepTask task = SweepTask.Regression, int seeds = 2, int epochs = 3, ImmutableArray<double>? rates = null, long seedBase = 42) => new(
        task,
        [[1, 4, 1], [1, 3, 3, 1]],
        [Activation.Relu, Activation.Tanh],
        [OptimizerSpec.Named("adam"), OptimizerSpec.Named("sgd")],
        rates ?? [],
        [25, int.MaxValue],
        seeds,
        epochs,
        seedBase);

    [Fact]
    public void Configurations_are_the_product_of_the_lists_with_the_last_list_varying_fastest()
    {
        var configurations = Grid().Configurations();
        Assert.Equal(2 * 2 * 2 * 2, configurations.Length);
        Assert.Equal(Enumerable.Range(0, 16), configurations.Select(c => c.Index));

        var labels = configurations.Select(c => $"{c.LayoutText} {c.Activation.Name} {c.OptimizerText} {c.BatchText}").ToArray();
        Assert.Equal("1-4-1 relu adam 25", labels[0]);
        Assert.Equal("1-4-1 relu adam all", labels[1]);
        Assert.Equal("1-4-1 relu sgd 25", labels[2]);
        Assert.Equal("1-4-1 tanh adam 25", labels[4]);
        Assert.Equal("1-3-3-1 relu adam 25", labels[8]);
        Assert.Equal("1-3-3-1 tanh sgd all", labels[15]);
    }

    [Fact]
    public void Runs_are_configurations_times_seeds_in_configuration_then_seed_order()
    {
        var grid = Grid(seeds: 3, seedBase: 100);
        var runs = grid.Runs();
        Assert.Equal(48, grid.RunCount);
        Assert.Equal(48, runs.Length);
        for (int i = 0; i < runs.Length; i++)
        {
            Assert.Equal(i, runs[i].Index);
            Assert.Equal(i / 3, runs[i].Configuration.Index);
            Assert.Equal(i % 3, runs[i].SeedIndex);
            Assert.Equal(100 + i % 3, runs[i].Seed);
            Assert.Equal(runs[i].Seed, runs[i].Training.Seed);
            Assert.Equal(3, runs[i].Training.Epochs);
        }
    }

    [Fact]
    public void Run_configs_carry_the_configuration_hidden_activation_and_an_identity_output()
    {
        var run = Grid().Runs()[8 * 2];
        Assert.Equal([1, 3, 3, 1], run.Training.Layout.ToArray());
        Assert.Equal([Activation.Relu, Activation.Relu, Activation.Identity], run.Training.Activations.ToArray());
        Assert.Equal(25, run.Training.Batches.BatchSize);
        Assert.True(run.Training.Batches.Shuffle);
        Assert.Equal("mse", run.Training.Loss.Name);
    }

    [Fact]
    public void Without_learning_rates_the_tutorial_optimizer_gets_the_tutorial_rate_and_the_others_pytorch_defaults()
    {
        var regression = Grid().Configurations();
        Assert.Equal(1e-4, regression.First(c => c.Optimizer.Name == "adam").LearningRate);
        Assert.Equal(0.01, regression.First(c => c.Optimizer.Name == "sgd").LearningRate);

        var xor = new SweepGrid(SweepTask.Xor, [[2, 2, 1]], [Activation.Sigmoid], [OptimizerSpec.Named("adamw"), OptimizerSpec.Named("adam"), OptimizerSpec.Named("rmsprop")], [], [int.MaxValue], 1, 1);
        Assert.Equal([0.03, 1e-3, 0.01], xor.Configurations().Select(c => c.LearningRate));
        Assert.False(xor.Shuffle);
    }

    [Fact]
    public void A_spec_learning_rate_is_kept_and_a_rate_list_crosses_every_optimizer()
    {
        var own = Grid() with { Optimizers = [OptimizerSpec.Parse("sgd:lr=0.2,momentum=0.9")] };
        var c = Assert.Single(own.Configurations(), c => c.Index == 0);
        Assert.Equal(0.2, c.LearningRate);
        Assert.Equal("sgd:momentum=0.9", c.OptimizerText);

        var crossed = Grid(rates: [0.1, 0.5]);
        var configurations = crossed.Configurations();
        Assert.Equal(32, configurations.Length);
        Assert.Equal([0.1, 0.1, 0.5, 0.5, 0.1, 0.1, 0.5, 0.5], configurations.Take(8).Select(c => c.LearningRate));
        Assert.Equal(["adam", "adam", "adam", "adam", "sgd", "sgd", "sgd", "sgd"], configurations.Take(8).Select(c => c.Optimizer.Name));
    }

    [Fact]
    public void Presets_have_the_exercise_sets()
    {
        var tutorial = SweepPresets.Tutorial();
        Assert.Equal(54, tutorial.ConfigurationCount);
        Assert.Equal(54 * SweepPresets.TutorialSeeds, tutorial.RunCount);
        Assert.Equal(SweepTasks.RegressionEpochs, tutorial.Epochs);
        Assert.Equal(["1-10-10-10-1", "1-32-32-1", "1-64-1"], tutorial.Configurations().Select(c => c.LayoutText).Distinct());
        Assert.Equal(["relu", "tanh", "sigmoid"], tutorial.Configurations().Select(c => c.Activation.Name).Distinct());
        Assert.Equal(["adam 0.0001", "sgd 0.01", "rmsprop 0.01"], tutorial.Configurations().Select(c => $"{c.OptimizerText} {c.LearningRateText}").Distinct());
        Assert.Equal(["25", "all"], tutorial.Configurations().Select(c => c.BatchText).Distinct());

        var xor = SweepPresets.Xor();
        Assert.Equal(8, xor.ConfigurationCount);
        Assert.Equal(SweepTask.Xor, xor.Task);
        Assert.Equal(["adamw 0.03", "sgd 0.5"], xor.Configurations().Select(c => $"{c.OptimizerText} {c.LearningRateText}").Distinct());
        Assert.Equal(8, SweepPresets.Named(" XOR ").ConfigurationCount);
        Assert.Equal(5, SweepPresets.Named("tutorial", seeds: 5, epochs: 10).Seeds);
        Assert.Throws<FormatException>(() => SweepPresets.Named("nope"));
    }

    [Fact]
    public void Validation_names_the_bad_field()
    {
        Assert.Contains("Layouts", Assert.Throws<ArgumentException>(() => (Grid() with { Layouts = [] }).Validate()).Message);
        Assert.Contains("Seeds", Assert.Throws<ArgumentException>(() => Grid(seeds: 0).Validate()).Message);
        Assert.Contains("Epochs", Assert.Throws<ArgumentException>(() => Grid(epochs: -1).Validate()).Message);
        Assert.Contains("LearningRates", Assert.Throws<ArgumentException>(() => Grid(rates: [0.1, -1.0]).Validate()).Message);
        Assert.Contains("BatchSizes", Assert.Throws<ArgumentException>(() => (Grid() with { BatchSizes = [0] }).Validate()).Message);
        Assert.ThrowsAny<ArgumentException>(() => (Grid() with { Layouts = [[1]] }).Validate());
    }
}
