using FsCheck.Xunit;
using Functional.Core.Model;
using Functional.Properties.Tests.TestSupport;

namespace Functional.Properties.Tests.Model;

public class PurityProperties
{
    [Property(MaxTest = 100)]
    public void Forward_and_backward_leave_their_arguments_unchanged(int seed)
    {
        var c = RandomNets.Make(seed);
        double[] parameters = c.Model.ToFlatArray();
        double[] x = RandomNets.Flat(c.X);
        double[] y = RandomNets.Flat(c.Y);

        var pass = c.Model.Forward(c.X);
        double[][] passCopy = pass.Inputs.Concat(pass.PreActivations).Append(pass.Output).Select(RandomNets.Flat).ToArray();
        var upstream = c.Loss.Gradient(pass.Output.ToMatrix(), c.Y);
        double[] upstreamCopy = RandomNets.Flat(upstream);
        var (grads, _) = c.Model.Backward(pass, upstream);

        Assert.Equal(parameters, c.Model.ToFlatArray());
        Assert.Equal(x, RandomNets.Flat(c.X));
        Assert.Equal(y, RandomNets.Flat(c.Y));
        Assert.Equal(upstreamCopy, RandomNets.Flat(upstream));
        Assert.Equal(passCopy, pass.Inputs.Concat(pass.PreActivations).Append(pass.Output).Select(RandomNets.Flat).ToArray());

        // and the gradients share no storage with the model
        Assert.True(c.Model.Layers.Zip(grads.Layers).All(p => !ReferenceEquals(p.First.W, p.Second.W) && !ReferenceEquals(p.First.B, p.Second.B)));
    }

    [Property(MaxTest = 50)]
    public void Gradient_check_leaves_its_arguments_unchanged(int seed)
    {
        var c = RandomNets.Make(seed);
        double[] parameters = c.Model.ToFlatArray();
        double[] x = RandomNets.Flat(c.X);
        GradientCheck.Check(c.Model, c.Loss, c.X, c.Y);
        Assert.Equal(parameters, c.Model.ToFlatArray());
        Assert.Equal(x, RandomNets.Flat(c.X));
    }
}
