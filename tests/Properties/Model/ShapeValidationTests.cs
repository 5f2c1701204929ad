using System.Collections.Immutable;
using Functional.Core.Model;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.Model;

public class ShapeValidationTests
{
    private static readonly ImmutableArray<Activation> TwoLayers = [Activation.Relu, Activation.Identity];

    [Theory]
    [InlineData(new[] { 1, 0, 1 }, "width 1 is 0")]
    [InlineData(new[] { 1, -3, 1 }, "width 1 is -3")]
    [InlineData(new[] { 0, 4, 1 }, "width 0 is 0")]
    public void Zero_or_negative_widths_fail_at_once_naming_the_width(int[] layout, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => Initializer.TorchDefault.Initialize(layout, TwoLayers, 1));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_single_width_is_not_a_layout()
    {
        var e = Assert.Throws<ArgumentException>(() => Mlp.Zeros([3], [Activation.Identity]));
        Assert.Contains("at least two widths", e.Message);
    }

    [Fact]
    public void Input_columns_must_match_the_first_layer()
    {
        var model = Initializer.TorchDefault.Initialize([2, 3, 1], TwoLayers, 1);
        var x = Matrix<double>.Build.Dense(5, 3);
        var e = Assert.Throws<ArgumentException>(() => model.Forward(x));
        Assert.Contains("3 columns", e.Message);
        Assert.Contains("expects 2", e.Message);
    }

    [Fact]
    public void Layers_that_do_not_chain_are_rejected_naming_both_shapes()
    {
        var a = Linear.Zeros(2, 3);
        var b = Linear.Zeros(4, 1);
        var e = Assert.Throws<ArgumentException>(() => new Mlp([a, b], TwoLayers));
        Assert.Contains("out_features=3", e.Message);
        Assert.Contains("in_features=4", e.Message);
    }

    [Fact]
    public void Bias_length_must_match_the_weights()
    {
        var e = Assert.Throws<ArgumentException>(() => new Linear(Matrix<double>.Build.Dense(3, 2), Vector<double>.Build.Dense(2)));
        Assert.Contains("bias length 2", e.Message);
        Assert.Contains("(3, 2)", e.Message);
    }

    [Fact]
    public void Activation_count_must_match_the_layers()
    {
        var e = Assert.Throws<ArgumentException>(() => new Mlp([Linear.Zeros(1, 1)], TwoLayers));
        Assert.Contains("needs 1 activations, got 2", e.Message);
    }
}
