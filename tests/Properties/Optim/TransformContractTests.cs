using Functional.Core.Model;
using Functional.Core.Optim;
using static Functional.Properties.Tests.Optim.OptimTestKit;

namespace Functional.Properties.Tests.Optim;

/// <summary>What every state may hold, and how transformations reject bad input.</summary>
public sealed class TransformContractTests
{
    private static readonly HashSet<Type> Allowed =
        [typeof(int), typeof(double), typeof(ParameterTree), typeof(System.Collections.Immutable.ImmutableArray<TransformState>)];

    [Fact]
    public void StateRecordsHoldOnlyIntsDoublesTreesAndNestedStates()
    {
        var stateTypes = typeof(TransformState).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(TransformState)));
        foreach (var type in stateTypes)
        {
            var properties = type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance);
            foreach (var property in properties.Where(p => !p.GetMethod!.IsStatic))
            {
                Assert.True(
                    Allowed.Contains(property.PropertyType) || typeof(TransformState).IsAssignableFrom(property.PropertyType),
                    $"{type.Name}.{property.Name} is a {property.PropertyType.Name}");
            }
        }

        // And every variant's state can be walked after a step.
        var parameters = RandomTree(3);
        foreach (var (_, optimizer) in Variants())
        {
            var (_, state) = optimizer.Update(RandomLike(parameters, 1), optimizer.Init(parameters), parameters);
            _ = Flatten(state);  // throws on a field of any other type
        }
    }

    [Fact]
    public void UpdateRejectsAStateOfTheWrongKindOrShape()
    {
        var parameters = RandomTree(5);
        var adam = Optimizer.Adam();
        var e = Assert.Throws<ArgumentException>(() => Transform.ScaleByAdam().Update(parameters, EmptyState.Instance, parameters));
        Assert.Contains("ScaleByAdamState", e.Message);
        Assert.Throws<ArgumentException>(() => adam.Update(parameters, Optimizer.Sgd().Init(parameters), parameters));
        var other = Mlp.Zeros([2, 5, 1], Mlp.UniformActivations(2, Activation.Relu));
        Assert.Throws<ArgumentException>(() => adam.Update(other, adam.Init(parameters), parameters));
        Assert.Throws<ArgumentException>(() => Optimizer.ApplyUpdates(parameters, other));
    }

    [Fact]
    public void FactoriesRejectOutOfRangeHyperparameters()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.Adam(beta1: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.Adam(beta2: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.Adam(eps: -1e-8));
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.Sgd(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.Sgd(0.1, momentum: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.AdamW(weightDecay: -0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.RmsProp(alpha: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.Adagrad(learningRateDecay: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Transform.ClipByGlobalNorm(double.PositiveInfinity));
    }

    [Fact]
    public void InitDoesNotAliasTheParameters()
    {
        var parameters = RandomTree(11);
        var state = Transform.ScaleByRss(0.5).Init(parameters);
        var sum = Assert.IsType<ScaleByRssState>(state).SumOfSquares;
        Assert.All(sum.ToFlatArray(), x => Assert.Equal(0.5, x));
        Assert.False(ReferenceEquals(sum.Layers[0].W, parameters.Layers[0].W));
    }
}
