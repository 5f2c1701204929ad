using System.Collections.Immutable;
using Functional.Core;
using Functional.Core.Model;
using Functional.Core.Random;
using Functional.Core.Serialization;
using Functional.Properties.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace Functional.Properties.Tests.Onnx;

/// <summary>
/// Exported files run in ONNX Runtime and agree with <see cref="Mlp.Predict"/>: float64 within 1e-12
/// relative, float32 within 1e-6 (relative, plus 1e-6 absolute) of our float64 prediction of the same
/// float32-rounded model.
/// </summary>
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    private static readonly int[][] Layouts = [[1, 10, 10, 10, 1], [3, 5, 2], [4, 1], [2, 8, 8, 8, 3]];

    private static readonly string[] Names = [.. Generators.Activations.Select(a => a.Name), "leaky_relu:1.5", "elu:2"];

    public static TheoryData<string> ActivationNames => [.. Names];

    [Theory]
    [MemberData(nameof(ActivationNames))]
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
    public void Float64_gelu_in_onnx_runtime_agrees_with_ours_point_by_point()
    {
        // One 1-1 layer with W = 1 and b = 0: the output is GELU of the input, on a fine grid over [-40, 40].
        var model = new Mlp([new Linear(Matrix<double>.Build.Dense(1, 1, 1.0), Vector<double>.Build.Dense(1))], [Activation.Gelu]);
        var x = Matrix<double>.Build.Dense(40_001, 1, (i, _) => -40.0 + (i * 0.002));
        double[] expected = model.Predict(x).ToRowMajorArray();
        double[] actual = OnnxRuntimeRunner.RunDouble(OnnxFile.ToBytes(model), x);
        var (worst, at) = AssertClose.MaxRelativeDifference(expected, actual);
        output.WriteLine($"gelu point by point: worst relative difference {worst:R} at x = {x[at, 0]:R}");
        AssertClose.AllClose(expected, actual, rtol: 1e-12, atol: 0.0);
    }

    [Fact]
    public void A_float64_erf_node_does_not_run_in_onnx_runtime()
    {
        // Why float64 GELU composes erf: this one-node graph, Erf on DOUBLE, has no kernel in ONNX Runtime's CPU provider.
        var w = new OnnxWireWriter();
        w.Varint(1, 8);
        w.Message(7, g =>
        {
            g.Message(1, n =>
            {
                n.String(1, "input");
                n.String(2, "output");
                n.String(4, "Erf");
            });
            foreach (var (field, name) in new[] { (11, "input"), (12, "output") })
            {
                g.Message(field, v =>
                {
                    v.String(1, name);
                    v.Message(2, t => t.Message(1, tensor =>
                    {
                        tensor.Varint(1, 11);
                        tensor.Message(2, shape =>
                        {
                            shape.Message(1, d => d.String(2, "batch"));
                            shape.Message(1, d => d.Varint(1, 1));
                        });
                    }));
                });
            }
        });
        w.Message(8, o =>
        {
            o.String(1, "");
            o.Varint(2, 17);
        });
        var e = Assert.ThrowsAny<Exception>(() => OnnxRuntimeRunner.RunDouble(w.ToArray(), Matrix<double>.Build.Dense(1, 1, 0.5)));
        Assert.Contains("Erf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tutorial_net_sizes()
    {
        var model = TutorialParameters.Create(Mlp.UniformActivations(4, Activation.Relu));
        int f64 = OnnxFile.ToBytes(model).Length, f32 = OnnxFile.ToBytes(model, OnnxElementType.Float32).Length;
        var gelu = model with { Activations = Mlp.UniformActivations(4, Activation.Gelu) };
        output.WriteLine($"tutorial net: float64 {f64} bytes, float32 {f32} bytes; with GELU: float64 {OnnxFile.ToBytes(gelu).Length} bytes, float32 {OnnxFile.ToBytes(gelu, OnnxElementType.Float32).Length} bytes");
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
        var w = model.Layers[0].W.ToMatrix();
        w[0, 0] = double.NaN;
        var bad = model with { Layers = model.Layers.SetItem(0, model.Layers[0] with { W = ReadOnlyMatrix.CopyOf(w) }) };
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
                var scaled = model with { Layers = [.. model.Layers.Select(l => l with { W = ReadOnlyMatrix.CopyOf(l.W.ToMatrix() * scale) })] };
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
