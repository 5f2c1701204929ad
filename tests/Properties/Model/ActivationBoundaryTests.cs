using Functional.Core.Model;
using static Functional.Properties.Tests.TestSupport.AssertClose;

namespace Functional.Properties.Tests.Model;

/// <summary>
/// The activations at their kinks and thresholds, where PyTorch's kernels pick a side, and the module names
/// PyTorch prints for each.
/// </summary>
public sealed class ActivationBoundaryTests
{
    // PyTorch's backward kernels at z = 0: threshold_backward gives 0 (z > 0 is false), leaky_relu_backward the
    // slope, elu_backward alpha·e⁰ = alpha. Softplus is linear only above its threshold 20: at 20 it is
    // log1p(e²⁰) = 20 + log1p(e⁻²⁰) = 20.000000002061153 and its derivative sigmoid(20) = 0.9999999979388463.
    [Theory]
    [InlineData("relu", 0.0, 0.0, 0.0)]
    [InlineData("leaky_relu", 0.0, 0.0, 0.01)]
    [InlineData("leaky_relu:0.2", 0.0, 0.0, 0.2)]
    [InlineData("elu", 0.0, 0.0, 1.0)]
    [InlineData("elu:0.5", 0.0, 0.0, 0.5)]
    [InlineData("softplus", 20.0, 20.000000002061153, 0.9999999979388463)]
    [InlineData("softplus", 20.5, 20.5, 1.0)]
    [InlineData("relu", 1e-300, 1e-300, 1.0)]
    [InlineData("leaky_relu:0.2", -1e-300, -2e-301, 0.2)]
    [InlineData("elu:0.5", 1e-300, 1e-300, 1.0)]
    [InlineData("leaky_relu:-0.5", -0.0, 0.0, -0.5)]
    [InlineData("sigmoid", 0.0, 0.5, 0.25)]
    [InlineData("tanh", 0.0, 0.0, 1.0)]
    [InlineData("identity", -3.0, -3.0, 1.0)]
    public void Values_and_derivatives_at_the_kinks_are_pytorchs(string name, double z, double value, double derivative)
    {
        var activation = Activation.Parse(name);
        double a = activation.Apply(z);
        Assert.Equal(value, a, 15);
        Assert.Equal(derivative, activation.Derivative(z, a), 15);
    }

    [Fact]
    public void Relu_and_elu_of_negative_zero_are_positive_zero()
    {
        // PyTorch's threshold (x > 0 ? x : 0) and ELU (x > 0 ? x : α(eˣ − 1)) take the second branch at −0.
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(Activation.Relu.Apply(-0.0)));
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(Activation.Elu().Apply(-0.0)));
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(Activation.Elu(0.5).Apply(-0.0)));
        // leaky ReLU's x·slope at 0 keeps the sign rule: −0.5·(+0) = −0
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(Activation.LeakyRelu(-0.5).Apply(0.0)));
    }

    [Fact]
    public void Sigmoid_is_exact_and_finite_in_both_tails()
    {
        // 1/(1 + e^{-z}) for z ≥ 0 and e^z/(1 + e^z) below: neither overflows, and the two agree at 0.
        Assert.Equal(0.5, Activation.Sigmoid.Apply(0.0));
        Assert.Equal(1.0, Activation.Sigmoid.Apply(800.0));
        Assert.Equal(Math.Exp(-800.0), Activation.Sigmoid.Apply(-800.0)); // 0, not NaN from ∞/∞
        AllClose([4.5397868702434395e-05], [Activation.Sigmoid.Apply(-10.0)], rtol: 1e-14, atol: 0.0); // CPython: 1/(1+math.exp(10))
        Assert.Equal(0.9999546021312976, Activation.Sigmoid.Apply(10.0), 15);
        AllClose([4.5397868702434395e-05], [Activation.Softplus.Derivative(-10.0, Activation.Softplus.Apply(-10.0))], rtol: 1e-14, atol: 0.0);
    }

    [Fact]
    public void Softplus_keeps_tiny_values_that_one_plus_e_to_the_z_rounds_away()
    {
        // log1p(e^-40) = e^-40 - e^-80/2 ≈ 4.248354255291589e-18; log(1 + e^-40) would be 0.
        AllClose([4.248354255291589e-18], [Activation.Softplus.Apply(-40.0)], rtol: 1e-14, atol: 0.0);
        // and a value that rounds 1 + x: log1p(e^-30) = 9.357622968839737e-14
        AllClose([9.357622968839737e-14], [Activation.Softplus.Apply(-30.0)], rtol: 1e-14, atol: 0.0);
        Assert.Equal(Math.Log(1 + Math.Exp(1.0)), Activation.Softplus.Apply(1.0), 15);
    }

    [Theory]
    [InlineData("identity", "Identity()")]
    [InlineData("relu", "ReLU()")]
    [InlineData("leaky_relu", "LeakyReLU(negative_slope=0.01)")]
    [InlineData("leaky_relu:0.2", "LeakyReLU(negative_slope=0.2)")]
    [InlineData("leaky_relu:2", "LeakyReLU(negative_slope=2.0)")]
    [InlineData("leaky_relu:1e-5", "LeakyReLU(negative_slope=1e-05)")] // Python's repr of 1e-05
    [InlineData("tanh", "Tanh()")]
    [InlineData("sigmoid", "Sigmoid()")]
    [InlineData("gelu", "GELU(approximate='none')")]
    [InlineData("softplus", "Softplus(beta=1.0, threshold=20.0)")]
    [InlineData("elu", "ELU(alpha=1.0)")]
    [InlineData("elu:0.5", "ELU(alpha=0.5)")]
    public void Torch_repr_of_every_kind(string name, string repr) => Assert.Equal(repr, Activation.Parse(name).TorchRepr);

    [Theory]
    [InlineData("leaky_relu:0.01", "leaky_relu")]
    [InlineData("leaky_relu:0.5", "leaky_relu:0.5")]
    [InlineData("elu:1", "elu")]
    [InlineData("elu:1.5", "elu:1.5")]
    [InlineData("identity", "identity")]
    [InlineData("softplus", "softplus")]
    [InlineData("gelu", "gelu")]
    [InlineData("sigmoid", "sigmoid")]
    [InlineData("tanh", "tanh")]
    public void Names_drop_only_default_parameters(string text, string name)
    {
        Assert.Equal(name, Activation.Parse(text).Name);
        Assert.Equal(name, Activation.Parse(text).ToString());
    }

    [Fact]
    public void An_unknown_kind_is_refused_everywhere()
    {
        var bogus = new Activation((ActivationKind)99);
        Assert.Contains("unknown activation kind 99", Assert.Throws<InvalidOperationException>(() => bogus.Name).Message);
        Assert.Contains("unknown activation kind 99", Assert.Throws<InvalidOperationException>(() => bogus.TorchRepr).Message);
        Assert.Contains("unknown activation kind 99", Assert.Throws<InvalidOperationException>(() => bogus.Apply(1.0)).Message);
        Assert.Contains("unknown activation kind 99", Assert.Throws<InvalidOperationException>(() => bogus.Derivative(1.0, 1.0)).Message);
        Assert.Throws<ArgumentNullException>(() => Activation.Parse(null!));
    }
}
