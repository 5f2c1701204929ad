using Functional.Core.Model;
using Functional.Core.Random;

namespace Functional.Properties.Tests.Model;

/// <summary>
/// The tutorial's printed start, as the project holds it: 251 values in the 1-10-10-10-1 shapes, a few checked
/// against the tutorial's printed tensors (weights (out, in) row by row, as PyTorch printed them).
/// </summary>
public class TutorialParametersTests
{
    private static readonly Mlp Start = TutorialParameters.Create(Mlp.UniformActivations(4, Activation.Relu));

    [Fact]
    public void There_are_251_values_in_the_tutorial_s_shapes()
    {
        Assert.Equal(251, TutorialParameters.Count);
        Assert.Equal(251, Start.ParameterCount);
        Assert.Equal([1, 10, 10, 10, 1], Start.Layout.ToArray());
        Assert.Equal([(10, 1, 10), (10, 10, 10), (10, 10, 10), (1, 10, 1)], Start.Layers.Select(l => (l.W.RowCount, l.W.ColumnCount, l.B.Count)));
    }

    [Theory]
    [InlineData(0, 0, 0, 0.5957)]        // sequence.input.weight, first value
    [InlineData(0, 9, 0, -0.1383)]       // sequence.input.weight, last value
    [InlineData(1, 0, 1, -0.1203)]       // sequence.hidden_0.weight row 0, second value
    [InlineData(1, 9, 8, -0.3042)]       // sequence.hidden_0.weight row 9
    [InlineData(2, 0, 9, -6.0346e-04)]   // sequence.hidden_1.weight row 0, printed in scientific notation
    [InlineData(2, 7, 5, 1.0687e-04)]    // sequence.hidden_1.weight row 7
    [InlineData(3, 0, 3, 0.2176)]        // sequence.output.weight
    public void Weights_are_the_printed_ones(int layer, int row, int column, double printed)
    {
        Assert.Equal(printed, Start.Layers[layer].W[row, column]);
    }

    [Theory]
    [InlineData(0, 9, -0.2968)]
    [InlineData(1, 2, 0.2927)]
    [InlineData(2, 9, -0.3071)]
    [InlineData(3, 0, -0.1537)]
    public void Biases_are_the_printed_ones(int layer, int index, double printed)
    {
        Assert.Equal(printed, Start.Layers[layer].B[index]);
    }

    [Fact]
    public void Both_generators_start_from_them_and_draw_nothing()
    {
        var activations = Mlp.UniformActivations(4, Activation.Relu);
        var seeded = RandomState.TorchManualSeed(5);
        var (torch, next) = Initializer.Tutorial.InitializeTorch([1, 10, 10, 10, 1], activations, seeded);
        var (keyed, _) = Initializer.Tutorial.Initialize([1, 10, 10, 10, 1], activations, RandomState.Seed(5));

        Assert.Equal(Start.ToFlatArray(), torch.ToFlatArray());
        Assert.Equal(Start.ToFlatArray(), keyed.ToFlatArray());
        Assert.Equal(seeded, next);
        Assert.Throws<ArgumentException>(() => Initializer.Tutorial.InitializeTorch([1, 8, 1], Mlp.UniformActivations(2, Activation.Relu), seeded));
    }
}
