using Functional.Core.Data;
using Functional.Core.Sweep;
using Functional.Core.Training;

namespace Functional.Properties.Tests.Training;

/// <summary>The rules a run's numbers obey, held once in Core: their bounds, and the messages hosts show.</summary>
public sealed class RunRulesTests
{
    [Fact]
    public void EachRuleReturnsItsValueInsideItsBoundsAndThrowsOutside()
    {
        Assert.Equal(0, RunRules.Epochs(0));
        Assert.Equal(10_000_000, RunRules.Epochs(10_000_000));
        Assert.Equal("must be 0 or more", Rule(() => RunRules.Epochs(-1)));
        Assert.Equal("at most 10,000,000", Rule(() => RunRules.Epochs(10_000_001)));
        Assert.Equal(0.0, RunRules.ValidationFraction(0.0));
        Assert.Equal("must lie in [0, 1)", Rule(() => RunRules.ValidationFraction(1.0)));
        Assert.Equal("must lie in [0, 1)", Rule(() => RunRules.ValidationFraction(double.NaN)));
        Assert.Equal(1, RunRules.Patience(1));
        Assert.Equal("must be at least 1", Rule(() => RunRules.Patience(0)));
        Assert.Equal(0.0, RunRules.MinDelta(0.0));
        Assert.Equal("must be a finite number >= 0", Rule(() => RunRules.MinDelta(-1e-9)));
        Assert.Equal("must be a finite number >= 0", Rule(() => RunRules.MinDelta(double.PositiveInfinity)));
        Assert.Equal(1e-300, RunRules.LearningRate(1e-300));
        Assert.Equal("the learning rate must be a finite number > 0", Rule(() => RunRules.LearningRate(0.0)));
        Assert.Equal("the learning rate must be a finite number > 0", Rule(() => RunRules.LearningRate(double.NaN)));
        Assert.EndsWith("the learning rate must be a finite number > 0, got NaN", Assert.ThrowsAny<ArgumentException>(() => new Functional.Core.Optim.OptimizerSpec.Adam { LearningRate = double.NaN }.Create()).Message.Split('\n')[0].Replace(" (Parameter 'LearningRate')", ""));
    }

    [Fact]
    public void TrainingConfigValidateAppliesTheSameRules()
    {
        var config = TutorialRuns.Xor(epochs: 1);
        Assert.Contains("must be 0 or more", Assert.ThrowsAny<ArgumentException>(() => (config with { Epochs = -1 }).Validate()).Message);
        Assert.Contains("must lie in [0, 1)", Assert.ThrowsAny<ArgumentException>(() => (config with { ValidationFraction = 1.0 }).Validate()).Message);
        Assert.Contains("must be at least 1", Assert.ThrowsAny<ArgumentException>(() => (config with { EarlyStopping = new EarlyStopping(0, 0.0) }).Validate()).Message);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 25 ", 25)]
    [InlineData("all", int.MaxValue)]
    [InlineData("ALL", int.MaxValue)]
    [InlineData(" All ", int.MaxValue)]
    public void BatchSizesParse(string text, int expected) => Assert.Equal(expected, BatchOptions.ParseSize(text));

    [Fact]
    public void ANullBatchSizeIsRefusedNamingTheText() =>
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => BatchOptions.ParseSize(null!)).ParamName);

    [Theory]
    [InlineData("0", "0: must be at least 1 (or 'all')")]
    [InlineData("-25", "-25: must be at least 1 (or 'all')")]
    [InlineData("many", "'many': expected a whole number or 'all'")]
    [InlineData("2.5", "'2.5': expected a whole number or 'all'")]
    public void BadBatchSizesAreRefusedNamingTheText(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => BatchOptions.ParseSize(text)).Message);

    [Fact]
    public void RequireFitsNamesTheWidthThatDiffers()
    {
        var data = XorData.Create();  // 2 inputs, 1 target, 4 rows
        data.RequireFits([2, 5, 1]);
        Assert.StartsWith("the first width is 3 but the data has 2 input column(s)", Assert.Throws<ArgumentException>(() => data.RequireFits([3, 5, 1])).Message);
        Assert.StartsWith("the last width is 2 but the data has 1 target column(s)", Assert.Throws<ArgumentException>(() => data.RequireFits([2, 5, 2])).Message);
        Assert.StartsWith("the data set is empty", Assert.Throws<ArgumentException>(() => data.Slice(0, 0).RequireFits([2, 5, 1])).Message);
        Assert.Throws<ArgumentException>(() => Trainer.Train(TutorialRuns.Regression(epochs: 1), data));
    }

    [Fact]
    public void TheTutorialRunsHoldTheReplayDefaultsThatSweepsFollow()
    {
        // As the tutorial ran them: Adam at 1e-4 for 50,000 epochs of batches of 25; AdamW at 0.03 with decay 0.01, full batch.
        Assert.Equal("adam:lr=0.0001", TutorialRuns.RegressionRun.Optimizer.ToString());
        Assert.Equal((25, true, 50_000), (TutorialRuns.RegressionRun.Batches.BatchSize, TutorialRuns.RegressionRun.Batches.Shuffle, TutorialRuns.RegressionRun.Epochs));
        Assert.Equal("adamw:lr=0.03,weight_decay=0.01", TutorialRuns.XorRun.Optimizer.ToString());
        Assert.Equal((int.MaxValue, false, 1_000), (TutorialRuns.XorRun.Batches.BatchSize, TutorialRuns.XorRun.Batches.Shuffle, TutorialRuns.XorRun.Epochs));
        Assert.Equal(("adam", 1e-4, true), (SweepTasks.TutorialOptimizer(SweepTask.Regression), SweepTasks.TutorialLearningRate(SweepTask.Regression), SweepTasks.Shuffles(SweepTask.Regression)));
        Assert.Equal(("adamw", 0.03, false), (SweepTasks.TutorialOptimizer(SweepTask.Xor), SweepTasks.TutorialLearningRate(SweepTask.Xor), SweepTasks.Shuffles(SweepTask.Xor)));
    }

    private static string Rule(Action rule) => Functional.Core.Optim.Arguments.Describe(Assert.ThrowsAny<ArgumentException>(rule));
}
