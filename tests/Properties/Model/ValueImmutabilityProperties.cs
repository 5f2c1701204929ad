using FsCheck.Xunit;
using Functional.Core.Data;
using Functional.Core.Model;
using Functional.Properties.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.Model;

/// <summary>
/// What a model, a data set or a forward pass hands out cannot be used to change it: every read gives copies,
/// and construction copies what the caller passed in.
/// </summary>
public class ValueImmutabilityProperties
{
    [Property(MaxTest = 100)]
    public void Writing_what_a_model_hands_out_leaves_its_predictions_unchanged(int seed)
    {
        var c = RandomNets.Make(seed);
        double[] before = RandomNets.Flat(c.Model.Predict(c.X));
        double[] parameters = c.Model.ToFlatArray();

        foreach (var layer in c.Model.Layers)
        {
            var (w, b) = layer;
            Scramble(w.ToMatrix());
            Scramble(layer.W.Column(0));
            Scramble(layer.W.Row(0));
            Scramble(b.ToVector());
            Array.Fill(layer.W.ToColumnMajorArray(), double.NaN);
            Array.Fill(layer.W.ToRowMajorArray(), double.NaN);
            Array.Fill(layer.B.ToArray(), double.NaN);
            var array = layer.W.ToArray();
            array[0, 0] = double.NaN;
        }

        Scramble(c.Model.Predict(c.X));
        Array.Fill(c.Model.ToFlatArray(), double.NaN);

        Assert.Equal(parameters, c.Model.ToFlatArray());
        Assert.Equal(before, RandomNets.Flat(c.Model.Predict(c.X)));
    }

    [Property(MaxTest = 100)]
    public void A_layer_and_a_data_set_copy_the_matrices_they_are_made_from(int seed)
    {
        var c = RandomNets.Make(seed);
        double[] before = RandomNets.Flat(c.Model.Predict(c.X));
        var w = c.Model.Layers[0].W.ToMatrix();
        var b = c.Model.Layers[0].B.ToVector();
        var rebuilt = c.Model with { Layers = c.Model.Layers.SetItem(0, new Linear(w, b)) };
        var x = c.X.Clone();
        var y = c.Y.Clone();
        var data = new Dataset(x, y);

        Scramble(w);
        Scramble(b);
        Scramble(x);
        Scramble(y);

        Assert.Equal(before, RandomNets.Flat(rebuilt.Predict(c.X)));
        Assert.Equal(RandomNets.Flat(c.X), data.X.ToColumnMajorArray());
        Assert.Equal(RandomNets.Flat(c.Y), data.Y.ToColumnMajorArray());
    }

    [Property(MaxTest = 100)]
    public void A_forward_pass_keeps_its_values_when_the_batch_or_its_copies_are_written(int seed)
    {
        var c = RandomNets.Make(seed);
        var x = c.X.Clone();
        var pass = c.Model.Forward(x);
        double[][] values = [.. pass.Inputs.Concat(pass.PreActivations).Append(pass.Output).Select(RandomNets.Flat)];
        var upstream = c.Loss.Gradient(pass.Output.ToMatrix(), c.Y);
        var (gradients, _) = c.Model.Backward(pass, upstream);
        double[] expected = gradients.ToFlatArray();

        Scramble(x);
        foreach (var m in pass.Inputs.Concat(pass.PreActivations).Append(pass.Output))
        {
            Scramble(m.ToMatrix());
        }

        Assert.Equal(values, [.. pass.Inputs.Concat(pass.PreActivations).Append(pass.Output).Select(RandomNets.Flat)]);
        Assert.Equal(expected, c.Model.Backward(pass, upstream).Gradients.ToFlatArray());
        Assert.Equal(RandomNets.Flat(c.X), pass.Inputs[0].ToColumnMajorArray());
    }

    private static void Scramble(Matrix<double> m) => m.MapInplace(v => 3.0 - 2.0 * v + 1.0);

    private static void Scramble(Vector<double> v) => v.MapInplace(e => 3.0 - 2.0 * e + 1.0);
}
