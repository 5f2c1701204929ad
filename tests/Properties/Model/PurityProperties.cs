using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Model;
using Functional.Properties.Tests.TestSupport;

namespace Functional.Properties.Tests.Model;

public class PurityProperties
{
    [Property(MaxTest = 100)]
    public Property Forward_and_backward_leave_their_arguments_unchanged() => Prop.ForAll(Generators.NetCases(), c =>
    {
        double[] parameters = c.Model.ToFlatArray();
        double[] x = Flat(c.X);
        double[] y = Flat(c.Y);

        var pass = c.Model.Forward(c.X);
        double[][] passCopy = pass.Inputs.Concat(pass.PreActivations).Append(pass.Output).Select(Flat).ToArray();
        var upstream = c.Loss.Gradient(pass.Output.ToMatrix(), c.Y);
        double[] upstreamCopy = Flat(upstream);
        var (grads, _) = c.Model.Backward(pass, upstream);

        Assert.Equal(parameters, c.Model.ToFlatArray());
        Assert.Equal(x, Flat(c.X));
        Assert.Equal(y, Flat(c.Y));
        Assert.Equal(upstreamCopy, Flat(upstream));
        Assert.Equal(passCopy, pass.Inputs.Concat(pass.PreActivations).Append(pass.Output).Select(Flat).ToArray());

        // and the gradients share no storage with the model
        Assert.True(c.Model.Layers.Zip(grads.Layers).All(p => !ReferenceEquals(p.First.W, p.Second.W) && !ReferenceEquals(p.First.B, p.Second.B)));
    });

    [Property(MaxTest = 50)]
    public Property Gradient_check_leaves_its_arguments_unchanged() => Prop.ForAll(Generators.NetCases(), c =>
    {
        double[] parameters = c.Model.ToFlatArray();
        double[] x = Flat(c.X);
        GradientCheck.Check(c.Model, c.Loss, c.X, c.Y);
        Assert.Equal(parameters, c.Model.ToFlatArray());
        Assert.Equal(x, Flat(c.X));
    });

    private static double[] Flat(MathNet.Numerics.LinearAlgebra.Matrix<double> m) => m.ToColumnMajorArray();

    private static double[] Flat(Functional.Core.ReadOnlyMatrix m) => m.ToColumnMajorArray();
}
