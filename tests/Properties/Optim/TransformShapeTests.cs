using System.Collections.Immutable;
using Functional.Core.Model;
using Functional.Core.Optim;

namespace Functional.Properties.Tests.Optim;

/// <summary>
/// Every transformation refuses gradients, parameters and state trees whose layout is not the one it was
/// initialised with (even when the parameter count agrees), and states of the wrong kind, before computing anything.
/// </summary>
public sealed class TransformShapeTests
{
    // [1, 2, 1] and [2, 1, 2] both hold 7 numbers: only the layout tells them apart.
    private static readonly Mlp P = Tree([1, 2, 1], 0.5);
    private static readonly Mlp SameCount = Tree([2, 1, 2], 0.25);
    private static readonly Mlp Bigger = Tree([1, 3, 1], 0.25);

    public static TheoryData<string> Names => [.. Transforms().Keys];

    private static ImmutableSortedDictionary<string, GradientTransformation> Transforms() => new Dictionary<string, GradientTransformation>
    {
        ["add_decayed_weights"] = Transform.AddDecayedWeights(0.1),
        ["momentum"] = Transform.Momentum(0.9),
        ["nesterov"] = Transform.Momentum(0.9, nesterov: true),
        ["scale_by_adam"] = Transform.ScaleByAdam(),
        ["scale_by_amsgrad"] = Transform.ScaleByAmsgrad(),
        ["scale_by_rms"] = Transform.ScaleByRms(),
        ["scale_by_centered_rms"] = Transform.ScaleByRms(centered: true),
        ["scale_by_rss"] = Transform.ScaleByRss(),
        ["chain"] = Transform.Chain(Transform.Identity(), Transform.ScaleByAdam()),
    }.ToImmutableSortedDictionary();

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradients_of_another_layout_are_refused(string name)
    {
        var t = Transforms()[name];
        var state = t.Init(P);
        foreach (var wrong in new[] { SameCount, Bigger })
        {
            var e = Assert.Throws<ArgumentException>(() => t.Update(wrong, state, P));
            Assert.Contains("layout", e.Message);
        }

        Assert.ThrowsAny<ArgumentNullException>(() => t.Update(null!, state, P));
        _ = t.Update(P, state, P); // and the right layout is accepted
    }

    [Fact]
    public void Decayed_weights_refuse_parameters_of_another_layout()
    {
        var t = Transform.AddDecayedWeights(0.1);
        var e = Assert.Throws<ArgumentException>(() => t.Update(P, t.Init(P), SameCount));
        Assert.Equal("parameters", e.ParamName);
        Assert.Contains("[2,1,2]", e.Message);
        Assert.Contains("[1,2,1]", e.Message);
        Assert.Throws<ArgumentNullException>(() => t.Update(P, t.Init(P), null!));
    }

    [Fact]
    public void State_trees_of_another_layout_are_refused_even_when_the_first_fits()
    {
        var bad = SameCount;
        Assert.Equal("state", Assert.Throws<ArgumentException>(() =>
            Transform.ScaleByAdam().Update(P, new ScaleByAdamState(1, P, bad), P)).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() =>
            Transform.ScaleByAdam().Update(P, new ScaleByAdamState(1, bad, P), P)).ParamName);
        Assert.Equal("state", Assert.Throws<ArgumentException>(() =>
            Transform.ScaleByAmsgrad().Update(P, new ScaleByAmsgradState(1, P, bad, P), P)).ParamName);
        Assert.Equal("state", Assert.Throws<ArgumentException>(() =>
            Transform.ScaleByAmsgrad().Update(P, new ScaleByAmsgradState(1, P, P, bad), P)).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() =>
            Transform.ScaleByAmsgrad().Update(P, new ScaleByAmsgradState(1, bad, P, P), P)).ParamName);
        Assert.Equal("state", Assert.Throws<ArgumentException>(() =>
            Transform.ScaleByRms(centered: true).Update(P, new ScaleByCenteredRmsState(P, bad), P)).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() =>
            Transform.ScaleByRms(centered: true).Update(P, new ScaleByCenteredRmsState(bad, P), P)).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() =>
            Transform.ScaleByRms().Update(P, new ScaleByRmsState(bad), P)).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() =>
            Transform.ScaleByRss().Update(P, new ScaleByRssState(bad), P)).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() =>
            Transform.Momentum(0.5).Update(P, new MomentumState(1, bad), P)).ParamName);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_state_of_another_kind_is_refused_naming_both_kinds(string name)
    {
        var t = Transforms()[name];
        if (t.Init(P) is EmptyState)
        {
            return; // stateless: any state passes through
        }

        var e = Assert.Throws<ArgumentException>(() => t.Update(P, new ScaleByScheduleState(3), P));
        Assert.Contains("ScaleByScheduleState", e.Message);
        Assert.Equal("state", e.ParamName);
    }

    [Fact]
    public void Stateless_transforms_and_schedules_refuse_null_gradients()
    {
        foreach (var t in new[] { Transform.ClipByGlobalNorm(1.0), Transform.ClipByValue(1.0), Transform.Scale(2.0), Transform.ScaleBySchedule(Schedules.Constant(1.0)) })
        {
            Assert.Throws<ArgumentNullException>(() => t.Update(null!, t.Init(P), P));
        }

        var chain = Transform.Chain(Transform.Identity(), Transform.Identity());
        var e = Assert.Throws<ArgumentException>(() => chain.Update(P, new ChainState([EmptyState.Instance]), P));
        Assert.Contains("the chain has 2 transformations but its state has 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => chain.Update(P, new ChainState(default), P));
        Assert.Contains("its state has 0", e.Message);
        Assert.Contains("transformation 1 of the chain is null", Assert.Throws<ArgumentException>(() => Transform.Chain(Transform.Identity(), null!)).Message);
    }

    [Fact]
    public void The_schedule_counter_advances_once_per_update()
    {
        var t = Transform.ScaleBySchedule(k => k + 1.0);
        var state = t.Init(P);
        Assert.Equal(new ScaleByScheduleState(0), state);
        var (u1, s1) = t.Update(P, state, P);
        var (u2, s2) = t.Update(P, s1, P);
        Assert.Equal(new ScaleByScheduleState(2), s2);
        Assert.Equal(P.ToFlatArray(), u1.ToFlatArray());                        // factor 1 at k = 0
        Assert.Equal(P.ToFlatArray().Select(x => 2 * x), u2.ToFlatArray());     // factor 2 at k = 1
    }

    private static Mlp Tree(int[] layout, double start)
    {
        var shape = Mlp.Zeros(layout, Mlp.UniformActivations(layout.Length - 1, Activation.Tanh));
        return shape.WithFlatParameters([.. Enumerable.Range(0, shape.ParameterCount).Select(i => start + 0.125 * i)]);
    }
}
