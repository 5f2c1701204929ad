using FsCheck.Xunit;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Properties.Tests.TestSupport;

namespace Functional.Properties.Tests.Model;

/// <summary>A network's parameters as a tree without activations, and back.</summary>
public class ParameterTreeProperties
{
    [Property(MaxTest = 100)]
    public void Gradients_are_a_tree_shaped_like_the_parameters_and_updates_keep_the_activations(int seed)
    {
        var c = RandomNets.Make(seed);
        var (_, gradients) = c.Model.LossAndGradients(c.Loss, c.X, c.Y);

        Assert.Equal(c.Model.Layout.ToArray(), gradients.Layout.ToArray());
        Assert.True(c.Model.HasSameShape(gradients));
        Assert.Equal(c.Model.ToFlatArray(), c.Model.Parameters.ToFlatArray());
        Assert.Equal(c.Model.ToFlatArray(), c.Model.WithParameters(c.Model.Parameters).ToFlatArray());

        var stepped = Optimizer.ApplyUpdates(c.Model, gradients.Map(g => -0.1 * g));
        Assert.Equal(c.Model.Activations.ToArray(), stepped.Activations.ToArray());
        Assert.Equal(
            Optimizer.ApplyUpdates(c.Model.Parameters, gradients.Map(g => -0.1 * g)).ToFlatArray(),
            stepped.ToFlatArray());
    }

    [Fact]
    public void A_tree_of_another_layout_is_refused()
    {
        var model = Mlp.Zeros([2, 3, 1], Mlp.UniformActivations(2, Activation.Relu));
        Assert.Throws<ArgumentException>(() => model.WithParameters(ParameterTree.Zeros([2, 4, 1])));
        Assert.Throws<ArgumentException>(() => Optimizer.ApplyUpdates(model, ParameterTree.Zeros([1, 3, 1])));
        Assert.Equal(ParameterTree.Zeros([2, 3, 1]), model.Parameters);
    }
}
