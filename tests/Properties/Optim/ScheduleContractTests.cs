using Functional.Core.Optim;

namespace Functional.Properties.Tests.Optim;

/// <summary>The schedules' contract: every one refuses k &lt; 0 and bad arguments, and the boundaries the closed forms name.</summary>
public sealed class ScheduleContractTests
{
    private static readonly Schedule One = Schedules.Constant(1.0);

    public static TheoryData<string> Names => [.. Every().Keys];

    private static Dictionary<string, Schedule> Every() => new()
    {
        ["constant"] = Schedules.Constant(0.5),
        ["step"] = Schedules.StepDecay(0.5, 2),
        ["exponential"] = Schedules.Exponential(0.5, 0.9),
        ["cosine"] = Schedules.CosineAnnealing(0.5, 10),
        ["warmup"] = Schedules.LinearWarmup(3, One),
        ["inverse_time"] = Schedules.InverseTimeDecay(0.5, 0.1),
        ["per_epoch"] = Schedules.PerEpoch(One, 4),
        ["per_epoch of a decay"] = Schedules.PerEpoch(Schedules.Exponential(1.0, 0.5), 1),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_schedule_refuses_a_negative_step_and_accepts_zero(string name)
    {
        var s = Every()[name];
        foreach (int k in new[] { -1, -2, int.MinValue })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => s(k));
            Assert.Equal("step", e.ParamName);
        }

        Assert.True(double.IsFinite(s(0)));
    }

    [Fact]
    public void A_warm_up_with_start_factor_one_is_flat_and_the_bounds_of_the_start_factor_are_inclusive()
    {
        // startFactor 1: after(0)·(1 + 0·k/n) = after(0) through the warm-up, then after(k − n).
        var flat = Schedules.LinearWarmup(3, Schedules.Exponential(0.4, 0.5), startFactor: 1.0);
        Assert.Equal([0.4, 0.4, 0.4, 0.4, 0.2, 0.1], [.. Enumerable.Range(0, 6).Select(k => flat(k))]);
        var zero = Schedules.LinearWarmup(2, One, startFactor: 0.0);
        Assert.Equal([0.0, 0.5, 1.0], [zero(0), zero(1), zero(2)]);
        foreach (double bad in new[] { -1e-12, 1.0 + 1e-12, double.NaN, double.PositiveInfinity })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => Schedules.LinearWarmup(2, One, startFactor: bad));
            Assert.Equal("startFactor", e.ParamName);
            Assert.Contains("startFactor must be in [0, 1]", e.Message);
        }
    }

    [Fact]
    public void The_warm_up_hands_over_exactly_at_warmup_steps()
    {
        // Warm-up of 4 from 0 to after(0) = 2: 0, 0.5, 1, 1.5; from k = 4 after(k − 4) = 2 + (k − 4)·(−1)... as a schedule 2, 1, 0.
        var s = Schedules.LinearWarmup(4, k => 2.0 - k);
        Assert.Equal([0.0, 0.5, 1.0, 1.5, 2.0, 1.0, 0.0], [.. Enumerable.Range(0, 7).Select(k => s(k))]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedules.LinearWarmup(0, One));
        Assert.Throws<ArgumentNullException>(() => Schedules.LinearWarmup(1, null!));
    }

    [Fact]
    public void At_warmup_steps_the_wrapped_schedule_takes_over_exactly()
    {
        // startFactor + (1 − startFactor)·k/n is not exactly 1 at k = n for every start factor (here it rounds
        // below); from k = n on the value is after(k − n) itself.
        var s = Schedules.LinearWarmup(44, One, startFactor: 0.03245913119424004);
        Assert.Equal(1.0, s(44));
        Assert.Equal(1.0, s(45));
        Assert.True(s(43) < 1.0);
    }

    [Fact]
    public void Cosine_annealing_defaults_to_zero_at_t_max()
    {
        var s = Schedules.CosineAnnealing(0.2, tMax: 4);
        Assert.Equal(0.0, s(4));
        Assert.Equal(0.1, s(2), 15);
        Assert.Equal(0.2 * (1 + Math.Cos(Math.PI / 4)) / 2, s(1), 15);
        // an η_min above the start rises towards it
        Assert.Equal(0.3, Schedules.CosineAnnealing(0.1, 2, etaMin: 0.3)(2), 15);
    }

    [Fact]
    public void Step_and_inverse_time_and_exponential_closed_forms()
    {
        var step = Schedules.StepDecay(2.0, stepSize: 2, gamma: 0.25);
        Assert.Equal([2.0, 2.0, 0.5, 0.5, 0.125], [.. Enumerable.Range(0, 5).Select(k => step(k))]);
        var inverse = Schedules.InverseTimeDecay(3.0, 2.0);
        Assert.Equal([3.0, 1.0, 0.6], [inverse(0), inverse(1), inverse(2)]); // 3/(1 + 2k)
        Assert.Equal(1.5 * 0.5 * 0.5 * 0.5, Schedules.Exponential(1.5, 0.5)(3));
        Assert.Equal(0.0, Schedules.Exponential(1.5, 0.0)(1));
        Assert.Equal(1.5, Schedules.Exponential(1.5, 0.0)(0)); // 0^0 = 1, as PyTorch
        var perEpoch = Schedules.PerEpoch(k => k, stepsPerEpoch: 3);
        Assert.Equal([0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 2.0], [.. Enumerable.Range(0, 7).Select(k => perEpoch(k))]);
    }

    [Fact]
    public void Factories_refuse_bad_arguments_naming_them()
    {
        (string Name, Action Make)[] cases =
        [
            ("value", () => Schedules.Constant(double.NaN)),
            ("initial", () => Schedules.StepDecay(double.PositiveInfinity, 1)),
            ("stepSize", () => Schedules.StepDecay(1.0, 0)),
            ("gamma", () => Schedules.StepDecay(1.0, 1, -0.1)),
            ("initial", () => Schedules.Exponential(double.NaN, 0.5)),
            ("gamma", () => Schedules.Exponential(1.0, -0.5)),
            ("initial", () => Schedules.CosineAnnealing(double.NaN, 1)),
            ("tMax", () => Schedules.CosineAnnealing(1.0, 0)),
            ("etaMin", () => Schedules.CosineAnnealing(1.0, 1, double.NegativeInfinity)),
            ("warmupSteps", () => Schedules.LinearWarmup(-1, One)),
            ("initial", () => Schedules.InverseTimeDecay(double.NaN, 0.1)),
            ("decay", () => Schedules.InverseTimeDecay(1.0, -0.1)),
            ("stepsPerEpoch", () => Schedules.PerEpoch(One, 0)),
        ];
        foreach (var (name, make) in cases)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(make);
            Assert.Equal(name, e.ParamName);
        }

        Assert.Throws<ArgumentNullException>(() => Schedules.PerEpoch(null!, 1));
    }
}
