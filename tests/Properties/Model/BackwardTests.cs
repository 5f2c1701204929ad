using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Properties.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.Model;

/// <summary>
/// The backward pass beyond the parameter gradients: the gradient with respect to the input batch against
/// central differences, and the checks on what it is handed.
/// </summary>
public sealed class BackwardTests
{
    private const double Step = 1e-4;
    private const double Tolerance = 1e-6;
    private const double Floor = 1e-5;

    [Property(MaxTest = 100)]
    public Property The_input_gradient_equals_central_differences() =>
        Prop.ForAll(Generators.NetCases().Filter(c => c.AwayFromKinks(1e-2)), c =>
        {
            var pass = c.Model.Forward(c.X);
            var (_, inputGradient) = c.Model.Backward(pass, c.Loss.Gradient(pass.Output.ToMatrix(), c.Y));
            Assert.Equal(c.X.RowCount, inputGradient.RowCount);
            Assert.Equal(c.X.ColumnCount, inputGradient.ColumnCount);
            for (int r = 0; r < c.X.RowCount; r++)
            {
                for (int j = 0; j < c.X.ColumnCount; j++)
                {
                    // Fourth-order central difference, as GradientCheck uses for the parameters.
                    double At(double shift)
                    {
                        var x = c.X.Clone();
                        x[r, j] += shift;
                        return c.Loss.Value(c.Model.Forward(x).Output.ToMatrix(), c.Y);
                    }

                    double numeric = (-At(2 * Step) + 8 * At(Step) - 8 * At(-Step) + At(-2 * Step)) / (12 * Step);
                    double analytic = inputGradient[r, j];
                    double error = Math.Abs(analytic - numeric) / Math.Max(Math.Abs(numeric), Floor);
                    Assert.True(error < Tolerance, $"{c}\n  dL/dX[{r},{j}]: backprop {analytic:R}, central difference {numeric:R}");
                }
            }
        });

    [Fact]
    public void A_hand_worked_two_layer_input_gradient()
    {
        // x = [1], W1 = [[2], [-1]], b1 = 0, relu, W2 = [[3, 5]], b2 = 0, identity; upstream dL/dy = [1].
        // z1 = [2, -1] → a1 = [2, 0]; dL/da1 = [3, 5]; relu' = [1, 0] → dL/dz1 = [3, 0]; dL/dx = 3·2 + 0·(−1) = 6.
        var model = Mlp.Zeros([1, 2, 1], Mlp.UniformActivations(2, Activation.Relu, Activation.Identity))
            .WithFlatParameters([2, -1, 0, 0, 3, 5, 0]);
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 1.0 } });
        var (gradients, input) = model.Backward(model.Forward(x), Matrix<double>.Build.DenseOfArray(new double[,] { { 1.0 } }));
        Assert.Equal(6.0, input[0, 0]);
        // dL/dW1 = dL/dz1ᵀ x = [3, 0]; dL/db1 = [3, 0]; dL/dW2 = a1 = [2, 0]; dL/db2 = 1.
        Assert.Equal([3.0, 0.0, 3.0, 0.0, 2.0, 0.0, 1.0], gradients.ToFlatArray());
    }

    [Fact]
    public void A_pass_or_gradient_that_does_not_fit_is_refused()
    {
        var c = Generators.Fixed(Generators.NetCaseGen(new MseLoss()), seed: 3);
        var deeper = new Mlp([.. c.Model.Layers, Linear.Zeros(c.Model.OutputSize, 1)], [.. c.Model.Activations, Activation.Identity]);
        var pass = c.Model.Forward(c.X);
        var upstream = new MseLoss().Gradient(pass.Output.ToMatrix(), c.Y);

        var e = Assert.Throws<ArgumentException>(() => deeper.Backward(pass, upstream));
        Assert.Equal("pass", e.ParamName);
        Assert.Contains($"the forward pass has {c.Model.Layers.Length} layers, the network {c.Model.Layers.Length + 1}", e.Message);

        foreach (var wrong in new[] { upstream.RemoveColumn(0), upstream.InsertColumn(0, upstream.Column(0)), upstream.InsertRow(0, upstream.Row(0)) })
        {
            e = Assert.Throws<ArgumentException>(() => c.Model.Backward(pass, wrong));
            Assert.Equal("outputGradient", e.ParamName);
            Assert.Contains($"but the output has ({pass.Output.RowCount}, {pass.Output.ColumnCount})", e.Message);
        }

        Assert.Throws<ArgumentNullException>(() => c.Model.Backward(null!, upstream));
        Assert.Throws<ArgumentNullException>(() => c.Model.Backward(pass, null!));
        Assert.Throws<ArgumentNullException>(() => c.Model.LossAndGradients(null!, c.X, c.Y));
    }

    [Fact]
    public void Loss_and_gradients_refuse_a_batch_that_does_not_fit_naming_it()
    {
        var c = Generators.Fixed(Generators.NetCaseGen(new MseLoss()), seed: 3);
        var loss = new MseLoss();
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => c.Model.LossAndGradients(loss, null!, c.Y)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentNullException>(() => c.Model.LossAndGradients(loss, c.X, null!)).ParamName);
        var wide = c.X.InsertColumn(0, c.X.Column(0));
        var e = Assert.Throws<ArgumentException>(() => c.Model.LossAndGradients(loss, wide, c.Y));
        Assert.Equal("x", e.ParamName);
        Assert.Contains($"input has {c.Model.InputSize + 1} columns but the network's first layer expects {c.Model.InputSize}", e.Message);
    }
}
