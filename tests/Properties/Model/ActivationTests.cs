using FsCheck.Xunit;
using Functional.Core.Model;

namespace Functional.Properties.Tests.Model;

public class ActivationTests
{
    // Reference values worked independently (closed forms evaluated with CPython's math module).
    [Theory]
    [InlineData("identity", -1.5, -1.5)]
    [InlineData("relu", -2.0, 0.0)]
    [InlineData("relu", 3.0, 3.0)]
    [InlineData("leaky_relu", -2.0, -0.02)]
    [InlineData("leaky_relu:0.2", -2.0, -0.4)]
    [InlineData("tanh", 0.5, 0.46211715726000974)]
    [InlineData("sigmoid", 0.0, 0.5)]
    [InlineData("sigmoid", 2.0, 0.8807970779778823)]
    [InlineData("gelu", 1.0, 0.8413447460685429)] // Φ(1)
    [InlineData("gelu", -1.0, -0.15865525393145707)] // -(1 - Φ(1))
    [InlineData("softplus", 0.0, 0.6931471805599453)] // ln 2
    [InlineData("softplus", 25.0, 25.0)] // above PyTorch's threshold 20 it is linear
    [InlineData("elu", -1.0, -0.6321205588285577)] // e^-1 - 1
    [InlineData("elu:0.5", -1.0, -0.31606027941427883)]
    public void Known_values(string name, double z, double expected)
    {
        Assert.Equal(expected, Activation.Parse(name).Apply(z), 15);
    }

    [Property(MaxTest = 200)]
    public void Derivative_matches_a_central_difference_away_from_kinks(int which, double raw)
    {
        var names = Activation.Names;
        var activation = Activation.Parse(names[Math.Abs(which % names.Count)]);
        double z = double.IsFinite(raw) ? Math.Clamp(raw, -8, 8) : 0.5;
        if (Math.Abs(z) < 1e-3 || Math.Abs(z - 20) < 1e-3)
        {
            z += 0.37; // keep away from the kinks at 0 (ReLU family, ELU) and 20 (softplus threshold)
        }

        const double h = 1e-5;
        double numeric = (activation.Apply(z + h) - activation.Apply(z - h)) / (2 * h);
        double analytic = activation.Derivative(z, activation.Apply(z));
        Assert.True(Math.Abs(numeric - analytic) < 1e-8, $"{activation} at {z}: {analytic} vs {numeric}");
    }

    [Fact]
    public void Relu_derivative_at_zero_is_zero_as_in_pytorch()
    {
        Assert.Equal(0.0, Activation.Relu.Derivative(0.0, 0.0));
    }

    [Fact]
    public void Softplus_keeps_e_to_the_z_far_below_zero_as_pytorchs_log1p_does()
    {
        // log(1 + e^z) rounds 1 + e^z to 1 below z ≈ -37 and gives 0; PyTorch 1.13 gives e^-40 at -40.
        Assert.Equal(4.248354255291589e-18, Activation.Softplus.Apply(-40.0));
        Assert.Equal(5e-324, Activation.Softplus.Apply(-745.0));
    }

    [Fact]
    public void Elu_derivative_below_zero_keeps_every_digit_of_alpha_e_to_the_z_as_pytorch()
    {
        // a + alpha = alpha(e^z - 1) + alpha cancels: 1e-12 relative error at z = -10, 0 at z = -40. PyTorch 1.13:
        var elu = Activation.Elu(0.7);
        Assert.Equal(2.973847978704112e-18, elu.Derivative(-40.0, elu.Apply(-40.0)));
        Assert.Equal(3.1779950833739396e-05, elu.Derivative(-10.0, elu.Apply(-10.0)));
    }

    [Fact]
    public void Sigmoid_is_finite_for_large_inputs()
    {
        Assert.InRange(Activation.Sigmoid.Apply(-1000), 0.0, 1e-300);
        Assert.Equal(1.0, Activation.Sigmoid.Apply(1000));
    }

    [Fact]
    public void Names_round_trip_and_unknown_names_list_the_valid_ones()
    {
        foreach (string name in Activation.Names.Concat(["leaky_relu:0.2", "elu:0.5"]))
        {
            Assert.Equal(name, Activation.Parse(name).Name);
        }

        var e = Assert.Throws<FormatException>(() => Activation.Parse("swish"));
        Assert.Contains("swish", e.Message);
        Assert.Contains("relu, leaky_relu, tanh", e.Message);
    }

    [Fact]
    public void Torch_repr_matches_pytorch_module_names()
    {
        Assert.Equal("ReLU()", Activation.Relu.TorchRepr);
        Assert.Equal("LeakyReLU(negative_slope=0.01)", Activation.LeakyRelu().TorchRepr);
        Assert.Equal("ELU(alpha=1.0)", Activation.Elu().TorchRepr);
        Assert.Equal("GELU(approximate='none')", Activation.Gelu.TorchRepr);
    }
}
