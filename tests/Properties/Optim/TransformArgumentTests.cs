using Functional.Core.Model;
using Functional.Core.Optim;

namespace Functional.Properties.Tests.Optim;

/// <summary>
/// What the transformation factories refuse (naming the argument), what Init refuses, the step counters (checked,
/// counting from 1), and the returned-as-is promise of clipping within the norm.
/// </summary>
public sealed class TransformArgumentTests
{
    private static readonly Mlp P = Mlp.Zeros([1, 2, 1], Mlp.UniformActivations(2, Activation.Tanh)).WithFlatParameters([0.5, -1, 0.25, 2, -0.75, 1.5, 0.125]);

    [Fact]
    public void Factories_refuse_out_of_range_hyperparameters_naming_them()
    {
        (string Name, Action Make)[] cases =
        [
            ("weightDecay", () => Transform.AddDecayedWeights(-0.1)),
            ("weightDecay", () => Transform.AddDecayedWeights(double.NaN)),
            ("maxNorm", () => Transform.ClipByGlobalNorm(-1.0)),
            ("clipValue", () => Transform.ClipByValue(-1.0)),
            ("clipValue", () => Transform.ClipByValue(double.PositiveInfinity)),
            ("momentum", () => Transform.Momentum(-0.5)),
            ("momentum", () => Transform.Momentum(double.NaN)),
            ("dampening", () => Transform.Momentum(0.5, dampening: -0.1)),
            ("dampening", () => Transform.Momentum(0.5, dampening: double.PositiveInfinity)),
            ("factor", () => Transform.Scale(double.NaN)),
            ("factor", () => Transform.Scale(double.NegativeInfinity)),
            ("learningRate", () => Transform.ScaleByLearningRate(-0.1)),
            ("beta1", () => Transform.ScaleByAdam(beta1: 1.0)),
            ("beta2", () => Transform.ScaleByAdam(beta2: -0.1)),
            ("eps", () => Transform.ScaleByAdam(eps: -1e-8)),
            ("beta1", () => Transform.ScaleByAmsgrad(beta1: 1.0)),
            ("beta1", () => Transform.ScaleByAmsgrad(beta1: -0.1)),
            ("beta2", () => Transform.ScaleByAmsgrad(beta2: 1.5)),
            ("eps", () => Transform.ScaleByAmsgrad(eps: -1e-8)),
            ("eps", () => Transform.ScaleByAmsgrad(eps: double.NaN)),
            ("alpha", () => Transform.ScaleByRms(alpha: -0.01)),
            ("alpha", () => Transform.ScaleByRms(alpha: 1.01)),
            ("alpha", () => Transform.ScaleByRms(alpha: double.NaN)),
            ("eps", () => Transform.ScaleByRms(eps: -1e-8)),
            ("eps", () => Transform.ScaleByRms(eps: double.PositiveInfinity, centered: true)),
            ("initialAccumulatorValue", () => Transform.ScaleByRss(initialAccumulatorValue: -0.1)),
            ("eps", () => Transform.ScaleByRss(eps: -1e-10)),
            ("eps", () => Transform.ScaleByRss(eps: double.NaN)),
        ];
        foreach (var (name, make) in cases)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(make);
            Assert.Equal(name, e.ParamName);
        }

        Assert.Contains("alpha must be in [0, 1], got 1.01", Assert.Throws<ArgumentOutOfRangeException>(() => Transform.ScaleByRms(alpha: 1.01)).Message);
        var nesterov = Assert.Throws<ArgumentException>(() => Transform.Momentum(0.0, nesterov: true));
        Assert.Contains("Nesterov momentum requires momentum > 0 and zero dampening, got momentum 0 and dampening 0", nesterov.Message);
        Assert.Throws<ArgumentException>(() => Transform.Momentum(0.9, dampening: 0.1, nesterov: true));
        Assert.Throws<ArgumentNullException>(() => Transform.Chain(null!));
        Assert.Throws<ArgumentNullException>(() => Transform.ScaleBySchedule(null!));
        Assert.Throws<ArgumentNullException>(() => Transform.ScaleByLearningRate((Schedule)null!));
    }

    [Fact]
    public void The_bounds_of_the_hyperparameters_are_inclusive()
    {
        // RMSprop's alpha may be 0 (no memory) or 1 (the average never moves); rates and decays may be 0.
        foreach (var t in new[]
        {
            Transform.ScaleByRms(alpha: 0.0), Transform.ScaleByRms(alpha: 1.0), Transform.ScaleByRms(alpha: 1.0, centered: true),
            Transform.ScaleByAdam(beta1: 0.0, beta2: 0.0, eps: 0.0), Transform.ScaleByAmsgrad(beta1: 0.0, beta2: 0.0, eps: 0.0),
            Transform.ScaleByRss(0.0, 0.0), Transform.AddDecayedWeights(0.0), Transform.ClipByValue(0.0), Transform.ClipByGlobalNorm(0.0),
            Transform.Momentum(0.0), Transform.ScaleByLearningRate(0.0),
        })
        {
            var (updates, _) = t.Update(P, t.Init(P), P);
            Assert.Equal(P.ParameterCount, updates.ParameterCount);
        }
    }

    [Fact]
    public void Init_refuses_null_parameters()
    {
        foreach (var t in new[]
        {
            Transform.Momentum(0.9), Transform.ScaleByAdam(), Transform.ScaleByAmsgrad(), Transform.ScaleByRms(),
            Transform.ScaleByRms(centered: true), Transform.ScaleByRss(),
        })
        {
            Assert.Equal("parameters", Assert.Throws<ArgumentNullException>(() => t.Init(null!)).ParamName);
        }

        Assert.Equal("gradients", Assert.Throws<ArgumentNullException>(() => Transform.ClipByGlobalNorm(1.0).Update(null!, EmptyState.Instance, P)).ParamName);
    }

    [Fact]
    public void Step_counters_start_at_one_and_refuse_to_wrap()
    {
        var (_, momentum) = Transform.Momentum(0.9).Update(P, Transform.Momentum(0.9).Init(P), P);
        Assert.Equal(1, Assert.IsType<MomentumState>(momentum).Count);

        var full = P.ZerosLike();
        Assert.Throws<OverflowException>(() => Transform.Momentum(0.9).Update(P, new MomentumState(int.MaxValue, full), P));
        Assert.Throws<OverflowException>(() => Transform.ScaleBySchedule(Schedules.Constant(1.0)).Update(P, new ScaleByScheduleState(int.MaxValue), P));
        Assert.Throws<OverflowException>(() => Transform.ScaleByAdam().Update(P, new ScaleByAdamState(int.MaxValue, full, full), P));
        Assert.Throws<OverflowException>(() => Transform.ScaleByAmsgrad().Update(P, new ScaleByAmsgradState(int.MaxValue, full, full, full), P));
    }

    [Fact]
    public void Clipping_within_the_norm_returns_the_gradients_themselves()
    {
        // The gradients are a parameter tree of their own (a network's Parameters is a fresh tree on each read).
        ParameterTree g = P.Parameters;
        var clip = Transform.ClipByGlobalNorm(100.0);
        var (updates, _) = clip.Update(g, clip.Init(P), P);
        Assert.Same(g, updates);
        var (clipped, _) = Transform.ClipByGlobalNorm(0.5).Update(g, clip.Init(P), P);
        Assert.NotSame(g, clipped);
    }

    [Fact]
    public void Centered_rmsprop_keeps_pytorchs_gradient_average()
    {
        // PyTorch: grad_avg ← α·grad_avg + (1 − α)·g (grad_avg.lerp_(grad, 1 − α)), from zero; square_avg likewise with g².
        var t = Transform.ScaleByRms(alpha: 0.75, centered: true);
        var g1 = P;
        var g2 = P.Map(x => 2 - x);
        var (_, s1) = t.Update(g1, t.Init(P), P);
        var (_, s2) = t.Update(g2, s1, P);
        var state = Assert.IsType<ScaleByCenteredRmsState>(s2);
        double[] a = g1.ToFlatArray(), b = g2.ToFlatArray();
        Assert.Equal(a.Zip(b, (x, y) => 0.75 * (0.25 * x) + 0.25 * y), state.Mu.ToFlatArray());
        Assert.Equal(a.Zip(b, (x, y) => 0.75 * (0.25 * x * x) + 0.25 * y * y), state.Nu.ToFlatArray());
    }
}
