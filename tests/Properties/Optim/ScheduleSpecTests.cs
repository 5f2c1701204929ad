using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core;
using Functional.Core.Optim;
using Functional.Core.Serialization;
using Functional.Core.Training;
using Functional.Properties.Tests.Serialization;
using static Functional.Properties.Tests.TestSupport.AssertClose;

namespace Functional.Properties.Tests.Optim;

/// <summary>Schedules by name (<see cref="ScheduleSpec"/>): parsing, their values worked by hand, and checkpoints.</summary>
public sealed class ScheduleSpecTests
{
    private static Gen<ScheduleSpec> Specs { get; } =
        from name in Gen.Elements("constant", "step", "exponential", "cosine")
        from every in Gen.Choose(1, 1000)
        from gamma in Gen.Elements(0.0, 0.1, 0.5, 0.9999, 1.0, 2.5e-3)
        from tMax in Gen.Elements<int?>(null, 1, 77, int.MaxValue)
        from etaMin in Gen.Elements<double?>(null, 0.0, 1e-5)
        from warmup in Gen.Elements<int?>(null, 1, 50)
        select name switch
        {
            "constant" => new ScheduleSpec(name, Warmup: warmup),
            "step" => new ScheduleSpec(name, Every: every, Gamma: gamma == 0.1 ? null : gamma, Warmup: warmup),
            "exponential" => new ScheduleSpec(name, Gamma: gamma, Warmup: warmup),
            _ => new ScheduleSpec(name, TMax: tMax, EtaMin: etaMin, Warmup: warmup),
        };

    [Property(MaxTest = 500)]
    public Property TheTextReadsBackAsTheSameSpec() => Prop.ForAll(Specs.ToArbitrary(), spec =>
        Assert.Equal(spec, ScheduleSpec.Parse(spec.ToString())));

    [Fact]
    public void ValuesFollowTheClosedFormsWorkedByHand()
    {
        double[] Values(string text, int count) => [.. Enumerable.Range(0, count).Select(k => ScheduleSpec.Parse(text).Create(0.1)!(k))];

        // StepLR(step_size=2, gamma=0.5): 0.1, 0.1, 0.05, 0.05, 0.025.
        AllClose([0.1, 0.1, 0.05, 0.05, 0.025], Values("step:every=2,gamma=0.5", 5));
        // gamma defaults to PyTorch's 0.1.
        AllClose([0.1, 0.01], Values("step:every=1", 2));
        // ExponentialLR(gamma=0.5): 0.1 * 0.5^k.
        AllClose([0.1, 0.05, 0.025], Values("exponential:gamma=0.5", 3));
        // CosineAnnealingLR(T_max=4): (1 + cos(pi k / 4)) / 2 * 0.1: 0.1, 0.0853553, 0.05, 0.0146447, 0.
        AllClose([0.1, 0.0853553390593274, 0.05, 0.0146446609406726, 0.0], Values("cosine:t_max=4", 5));
        // Warm-up from 0 over 4 updates, then the constant rate.
        AllClose([0.0, 0.025, 0.05, 0.075, 0.1, 0.1], Values("constant:warmup=4", 6));
        // Warm-up, then the step schedule counting from the end of the warm-up.
        AllClose([0.0, 0.05, 0.1, 0.1, 0.01], Values("step:every=2,warmup=2", 5));
    }

    [Fact]
    public void ConstantWithoutWarmupIsTheFixedRate()
    {
        Assert.True(ScheduleSpec.Parse(" Constant ").IsConstant);
        Assert.Null(ScheduleSpec.Constant.Create(0.1));
        Assert.False(ScheduleSpec.Parse("constant:warmup=3").IsConstant);
    }

    [Fact]
    public void CosineTakesTheRunsLengthWhenGivenNone()
    {
        Assert.Equal(100, ScheduleSpec.Parse("cosine").WithDefaultLength(100).TMax);
        Assert.Equal(90, ScheduleSpec.Parse("cosine:warmup=10").WithDefaultLength(100).TMax);
        Assert.Equal(1, ScheduleSpec.Parse("cosine").WithDefaultLength(0).TMax);
        Assert.Equal(7, ScheduleSpec.Parse("cosine:t_max=7").WithDefaultLength(100).TMax);
        Assert.Null(ScheduleSpec.Parse("step:every=5").WithDefaultLength(100).TMax);
        Assert.Throws<ArgumentException>(() => ScheduleSpec.Parse("cosine").Create(0.1));
    }

    [Theory]
    [InlineData("linear", "unknown schedule 'linear'; valid: constant, step, exponential, cosine")]
    [InlineData("step", "step needs every=N")]
    [InlineData("exponential", "exponential needs gamma=X")]
    [InlineData("step:every=2,every=3", "'every' is given twice; give each key once")]
    [InlineData("step:every=2,t_max=3", "unknown key 't_max' for step; step takes: every, gamma, warmup")]
    [InlineData("step:every", "expected KEY=VALUE, got 'every'")]
    [InlineData("step:every=0", "every must be at least 1, got 0")]
    [InlineData("step:every=1.5", "every must be a whole number, got '1.5'")]
    [InlineData("exponential:gamma=NaN", "gamma must be a finite number >= 0, got NaN")]
    [InlineData("exponential:gamma=Infinity", "gamma must be a finite number >= 0, got Infinity")]
    [InlineData("exponential:gamma=-0.5", "gamma must be a finite number >= 0, got -0.5")]
    [InlineData("cosine:eta_min=-1", "eta_min must be a finite number >= 0, got -1")]
    [InlineData("cosine:warmup=-2", "warmup must be at least 1, got -2")]
    public void BadTextGivesOneLineNamingTheKey(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => ScheduleSpec.Parse(text));
        Assert.StartsWith(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_checkpoint_keeps_its_schedule_and_one_without_is_the_fixed_rate()
    {
        var c = ResumeProperties.Make(3, [1, 3, 1], "tanh", "sgd", "mse", 8, 4, true, false, 0.0, null, 6, 3, schedule: "step:every=4,gamma=0.5");
        var state = Trainer.Train(c.Run.ToConfig() with { Epochs = 3 }, c.Data).State;
        string json = CheckpointFile.ToJson(new Checkpoint(c.Run, state));
        Assert.Contains("\"schedule\": \"step:every=4,gamma=0.5\"", json);
        Assert.Equal(c.Run.Schedule, CheckpointFile.FromJson(json).Run.Schedule);

        var plain = c.Run with { Schedule = null };
        string fixedRate = CheckpointFile.ToJson(new Checkpoint(plain, Trainer.Train(plain.ToConfig() with { Epochs = 3 }, c.Data).State));
        Assert.DoesNotContain("schedule", fixedRate);
        Assert.Null(CheckpointFile.FromJson(fixedRate).Run.Schedule);

        var bad = Assert.Throws<ModelFormatException>(() => CheckpointFile.FromJson(json.Replace("step:every=4,gamma=0.5", "step:every=0", StringComparison.Ordinal)));
        Assert.Contains("run.schedule", bad.Message);
        var noLength = Assert.Throws<ModelFormatException>(() => CheckpointFile.FromJson(json.Replace("step:every=4,gamma=0.5", "cosine", StringComparison.Ordinal)));
        Assert.Contains("cosine needs t_max", noLength.Message);
    }
}
