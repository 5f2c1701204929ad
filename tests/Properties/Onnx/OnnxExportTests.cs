using System.Collections.Immutable;
using Functional.Core.Model;
using Functional.Core.Random;
using Functional.Core.Serialization;
using Functional.Properties.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace Functional.Properties.Tests.Onnx;

/// <summary>
/// Exported files run in ONNX Runtime and agree with <see cref="Mlp.Predict"/>: float64 within 1e-12
/// relative, float32 within 1e-6 relative of our float64 prediction of the same float32-rounded model.
/// </summary>
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    private static readonly int[][] Layouts = [[1, 10, 10, 10, 1], [3, 5, 2], [4, 1], [2, 8, 8, 8, 3]];

    private static readonly string[] Names = [.. RandomNets.AllActivations.Select(a => a.Name), "leaky_relu:1.5", "elu:2"];

    public static TheoryData<string> ActivationNames => [.. Names];

    // ONNX Runtime's CPU provider has no float64 Erf kernel, so a float64 GELU export cannot run there
    // (see Float64_gelu_needs_an_erf_kernel_onnx_runtime_lacks); every other activation is checked.
    public static TheoryData<string> Float64ActivationNames => [.. Names.Where(a => a != "gelu")];

    [Theory]
    [MemberData(nameof(Float64ActivationNames))]
    public void Float64_export_agrees_with_predict_in_onnx_runtime(string activation)
    {
        double worst = 0.0;
        foreach (var (model, x) in Cases(Activation.Parse(activation)))
        {
            double[] expected = model.Predict(x).ToRowMajorArray();
            double[] actual = OnnxRuntimeRunner.RunDouble(OnnxFile.ToBytes(model), x);
            AssertClose.AllClose(expected, actual, rtol: 1e-12, atol: 0.0);
            worst = Math.Max(worst, AssertClose.MaxRelativeDifference(expected, actual).Worst);
        }

        output.WriteLine($"{activation}: worst relative difference float64 {worst:R}");
    }

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Float32_export_agrees_with_predict_of_the_rounded_model(string activation)
    {
        double worst = 0.0, scaled = 0.0;
        foreach (var (model, x) in Cases(Activation.Parse(activation), scale: 1.0, extremes: false))
        {
            byte[] file = OnnxFile.ToBytes(model, OnnxElementType.Float32);
            var rounded = OnnxFile.FromBytes(file);
            var xf = x.Map(v => (double)(float)v);
            double[] expected = rounded.Predict(xf).ToRowMajorArray();
            double[] actual = [.. OnnxRuntimeRunner.RunFloat(file, x).Select(v => (double)v)];
            AssertClose.AllClose(expected, actual, rtol: 1e-6, atol: 1e-6);
            worst = Math.Max(worst, AssertClose.MaxRelativeDifference(expected, actual).Worst);
            scaled = Math.Max(scaled, expected.Zip(actual, (e, a) => Math.Abs(a - e) / (1.0 + Math.Abs(e))).Max());
        }

        output.WriteLine($"{activation}: worst relative difference float32 {worst:R}, worst |diff| / (1 + |expected|) {scaled:R}");
    }

    [Fact]
    public void Float64_gelu_needs_an_erf_kernel_onnx_runtime_lacks()
    {
        var (model, x) = Cases(Activation.Gelu).First();
        var e = Assert.ThrowsAny<Exception>(() => OnnxRuntimeRunner.RunDouble(OnnxFile.ToBytes(model), x));
        Assert.Contains("Erf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tutorial_net_sizes()
    {
        var model = TutorialParameters.Create(Mlp.UniformActivations(4, Activation.Relu));
        int f64 = OnnxFile.ToBytes(model).Length, f32 = OnnxFile.ToBytes(model, OnnxElementType.Float32).Length;
        output.WriteLine($"tutorial net: float64 {f64} bytes, float32 {f32} bytes");
        Assert.True(f64 > 251 * 8 && f64 < (251 * 8) + 2000, $"float64 size {f64}");
        Assert.True(f32 > 251 * 4 && f32 < (251 * 4) + 2000, $"float32 size {f32}");
    }

    [Fact]
    public void Batch_dimension_is_dynamic()
    {
        var (model, _) = Cases(Activation.Tanh).First();
        byte[] file = OnnxFile.ToBytes(model);
        foreach (int rows in new[] { 1, 7, 300 })
        {
            var x = Inputs(model.InputSize, rows, 99);
            Assert.Equal(model.Predict(x).RowCount * model.OutputSize, OnnxRuntimeRunner.RunDouble(file, x).Length);
        }
    }

    [Fact]
    public void Non_finite_parameters_are_refused()
    {
        var (model, _) = Cases(Activation.Relu).First();
        var w = model.Layers[0].W.Clone();
        w[0, 0] = double.NaN;
        var bad = model with { Layers = model.Layers.SetItem(0, model.Layers[0] with { W = w }) };
        var e = Assert.Throws<ArgumentException>(() => OnnxFile.ToBytes(bad));
        Assert.Contains("layer 0 weight", e.Message, StringComparison.Ordinal);
    }

    // Every layout with the activation after every layer (so it also acts on the output), and once with an
    // identity output; inputs span [-4, 4] plus points that reach softplus's threshold and ELU's far tail.
    internal static IEnumerable<(Mlp Model, Matrix<double> X)> Cases(Activation activation, double scale = 3.0, bool extremes = true)
    {
        uint seed = 1;
        foreach (int[] layout in Layouts)
        {
            foreach (var output in new[] { activation, Activation.Identity })
            {
                var activations = Mlp.UniformActivations(layout.Length - 1, activation, output);
                var model = Initializer.TorchDefault.Initialize(layout, activations, RandomState.Seed(seed++)).Model;
                var scaled = model with { Layers = [.. model.Layers.Select(l => l with { W = l.W * scale })] };
                yield return (scaled, Inputs(layout[0], 64, seed++, extremes));
            }
        }
    }

    internal static Matrix<double> Inputs(int columns, int rows, uint seed, bool extremes = true)
    {
        var (values, _) = RandomState.Seed(seed).Uniform(-4, 4, rows * columns);
        double[] far = extremes ? [30.0, -30.0, 45.0, -45.0, 1e-9, -1e-9, 0.0] : [];
        for (int i = 0; i < far.Length && i < values.Length; i++)
        {
            values[i] = far[i];
        }

        return Matrix<double>.Build.DenseOfRowMajor(rows, columns, values);
    }
}
