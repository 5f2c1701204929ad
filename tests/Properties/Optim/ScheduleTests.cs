using Functional.Core.Optim;
using static Functional.Properties.Tests.Optim.OptimTestKit;
using static Functional.Properties.Tests.TestSupport.AssertClose;

namespace Functional.Properties.Tests.Optim;

/// <summary>Known values of the schedules (PyTorch's closed forms with last_epoch = k) and their use by optimizers.</summary>
public sealed class ScheduleTests
{
    [Fact]
    public void CosineAnnealingAtZeroHalfAndFullPeriod()
    {
        var s = Schedules.CosineAnnealing(0.1, tMax: 100, etaMin: 0.001);
        Assert.Equal(0.1, s(0), 15);                       // cos 0 = 1: η_max
        Assert.Equal((0.1 + 0.001) / 2, s(50), 15);       // cos(π/2) = 0: the midpoint 0.0505
        Assert.Equal(0.001, s(100), 15);                   // cos π = −1: η_min
        Assert.Equal(0.001 + 0.099 * (1 + Math.Cos(Math.PI / 4)) / 2, s(25), 15);
        Assert.Equal(s(50), s(150), 15);                   // not clamped past T_max, as PyTorch's formula
    }

    [Fact]
    public void StepDecayDropsByGammaEveryStepSizeSteps()
    {
        var s = Schedules.StepDecay(0.1, stepSize: 3, gamma: 0.5);
        double[] expected = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025];
        AllClose(expected, [.. Enumerable.Range(0, 7).Select(k => s(k))]);
        Assert.Equal(0.1 * 0.1, Schedules.StepDecay(0.1, 10)(15), 15);  // default γ = 0.1
    }

    [Fact]
    public void ExponentialAndConstantAndInverseTime()
    {
        AllClose([1.0, 0.9, 0.81, 0.729], [.. Enumerable.Range(0, 4).Select(k => Schedules.Exponential(1.0, 0.9)(k))]);
        Assert.Equal(0.3, Schedules.Constant(0.3)(12345));
        // Adagrad's γ / (1 + (t − 1)η) with t = k + 1: 0.1, 0.1/1.5, 0.1/2.
        AllClose([0.1, 0.1 / 1.5, 0.05], [.. Enumerable.Range(0, 3).Select(k => Schedules.InverseTimeDecay(0.1, 0.5)(k))]);
    }

    [Fact]
    public void LinearWarmupRampsThenHandsOverToTheWrappedSchedule()
    {
        var s = Schedules.LinearWarmup(4, Schedules.Exponential(0.2, 0.5));
        // k < 4: 0.2·k/4; then the exponential restarts its own count at k = 4.
        AllClose([0.0, 0.05, 0.1, 0.15, 0.2, 0.1, 0.05], [.. Enumerable.Range(0, 7).Select(k => s(k))]);
        var withStart = Schedules.LinearWarmup(2, Schedules.Constant(1.0), startFactor: 0.5);
        AllClose([0.5, 0.75, 1.0], [withStart(0), withStart(1), withStart(2)]);
    }

    [Fact]
    public void PerEpochStepsOncePerEpoch()
    {
        var s = Schedules.PerEpoch(Schedules.Exponential(1.0, 0.5), stepsPerEpoch: 3);
        AllClose([1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25], [.. Enumerable.Range(0, 7).Select(k => s(k))]);
    }

    [Fact]
    public void SchedulesRejectNegativeStepsAndBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedules.Constant(1.0)(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedules.CosineAnnealing(0.1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedules.StepDecay(0.1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedules.Exponential(double.NaN, 0.9));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedules.LinearWarmup(3, Schedules.Constant(1), startFactor: 2));
    }

    [Fact]
    public void ScheduledSgdUsesTheRateOfStepKOnTheKthUpdate()
    {
        // lr_k = 0.1·0.5^k: θ1 = 0.5 − 0.1·0.2 = 0.48; θ2 = 0.48 − 0.05·(−0.4) = 0.5; θ3 = 0.5 − 0.025·0.1 = 0.4975
        var p = Run(Optimizer.Sgd(Schedules.Exponential(0.1, 0.5)), Net11(0.5, -0.3), [0.2, -0.1], [-0.4, 0.3], [0.1, 0.5]);
        AllClose([0.48, -0.29], p[0]);
        AllClose([0.5, -0.305], p[1]);      // b: −0.29 − 0.05·0.3
        AllClose([0.4975, -0.3175], p[2]);  // b: −0.305 − 0.025·0.5
    }

    [Fact]
    public void ScheduledAdamWDecaysWithTheScheduledRate()
    {
        // With zero gradients AdamW only decays: θ_{k+1} = θ_k (1 − lr_k λ), lr_k = 0.1·0.5^k, λ = 0.5.
        var optimizer = Optimizer.AdamW(Schedules.Exponential(0.1, 0.5), weightDecay: 0.5);
        var p = Run(optimizer, Net11(1.0, -2.0), [0.0, 0.0], [0.0, 0.0]);
        AllClose([0.95, -1.9], p[0], rtol: 1e-15);                           // 1 − 0.1·0.5 = 0.95
        AllClose([0.95 * 0.975, -1.9 * 0.975], p[1], rtol: 1e-15);           // 1 − 0.05·0.5 = 0.975
    }
}
