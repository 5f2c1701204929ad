using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core;
using Functional.Core.Model;
using Functional.Core.Random;
using Functional.Core.Serialization;
using Functional.Properties.Tests.Parity;
using Functional.Properties.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace Functional.Properties.Tests.Onnx;

/// <summary>
/// Import: our own exports come back bit for bit, and models exported by PyTorch 1.13 (fixtures written by
/// tests/Parity/make_fixtures.py onnx) load with the layout and activations PyTorch built and predict PyTorch's
/// recorded outputs.
/// </summary>
public sealed class OnnxImportTests(ITestOutputHelper output)
{
    private static readonly Lazy<JsonElement> Fixtures = new(() => ParityFixtures.Load("onnx/onnx.json"));

    public static TheoryData<string> Supported =>
        [.. Cases().Where(c => c.GetProperty("unsupported").ValueKind == JsonValueKind.Null).Select(c => c.GetProperty("name").GetString()!)];

    public static TheoryData<string> Unsupported =>
        [.. Cases().Where(c => c.GetProperty("unsupported").ValueKind != JsonValueKind.Null).Select(c => c.GetProperty("name").GetString()!)];

    [Property(MaxTest = 30)]
    public Property Float64_round_trip_is_bit_identical() => Prop.ForAll(Generators.Networks, model =>
    {
        var back = OnnxFile.FromBytes(OnnxFile.ToBytes(model));
        Assert.Equal(model.Activations.ToArray(), back.Activations.ToArray());
        Assert.Equal(model.ToFlatArray().Select(BitConverter.DoubleToInt64Bits), back.ToFlatArray().Select(BitConverter.DoubleToInt64Bits));
    });

    [Fact]
    public void Float64_round_trip_keeps_every_activation_in_every_position()
    {
        foreach (var (activation, i) in Generators.Activations.Select((a, i) => (a, i)))
        {
            var model = Generators.Fixed(Generators.AnyNetwork, 31 * (i + 1));
            model = model with { Activations = Mlp.UniformActivations(model.Layers.Length, activation, Generators.Activations[(i + 1) % Generators.Activations.Length]) };
            var back = OnnxFile.FromBytes(OnnxFile.ToBytes(model));
            Assert.Equal(model.Activations.ToArray(), back.Activations.ToArray());
            Assert.Equal(model.ToFlatArray().Select(BitConverter.DoubleToInt64Bits), back.ToFlatArray().Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void Float32_round_trip_rounds_each_parameter_to_float_once()
    {
        var model = Generators.Fixed(Generators.AnyNetwork, 7);
        var back = OnnxFile.FromBytes(OnnxFile.ToBytes(model, OnnxElementType.Float32));
        Assert.Equal(model.ToFlatArray().Select(v => (double)(float)v), back.ToFlatArray());
        var again = OnnxFile.FromBytes(OnnxFile.ToBytes(back, OnnxElementType.Float32));
        Assert.Equal(back.ToFlatArray(), again.ToFlatArray());
    }

    [Fact]
    public void Save_and_load_through_a_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"onnx-import-{Guid.NewGuid():N}.onnx");
        try
        {
            var model = Generators.Fixed(Generators.AnyNetwork, 11);
            OnnxFile.Save(path, model);
            Assert.Equal(model.ToFlatArray(), OnnxFile.Load(path).ToFlatArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Supported))]
    public void PyTorch_export_loads_and_predicts_pytorchs_outputs(string name)
    {
        var c = Case(name);
        var model = OnnxFile.Load(ParityFixtures.PathOf("onnx/" + c.GetProperty("file").GetString()));
        Assert.Equal(c.GetProperty("layout").Ints(), model.Layout.ToArray());
        Assert.Equal(c.GetProperty("activations").EnumerateArray().Select(a => Activation.Parse(a.GetString()!)), model.Activations);
        var x = ParityFixtures.Rows(c.GetProperty("inputs"));
        double[] ours = model.Predict(x).ToRowMajorArray();

        // The same parameters in float64: PyTorch and we compute the same thing.
        double[] torch64 = ParityFixtures.Rows(c.GetProperty("outputs_float64")).ToRowMajorArray();
        AssertClose.AllClose(torch64, ours, rtol: 1e-12, atol: 1e-15);

        // The model's own type: float32 models agree to float32 arithmetic.
        double[] torchOwn = ParityFixtures.Rows(c.GetProperty("outputs")).ToRowMajorArray();
        bool float32 = c.GetProperty("dtype").GetString() == "float32";
        AssertClose.AllClose(torchOwn, ours, rtol: float32 ? 1e-5 : 1e-12, atol: float32 ? 1e-6 : 1e-15);
        output.WriteLine($"{name}: worst relative difference to PyTorch float64 {AssertClose.MaxRelativeDifference(torch64, ours).Worst:R}, to its own type {AssertClose.MaxRelativeDifference(torchOwn, ours).Worst:R}");
    }

    [Theory]
    [MemberData(nameof(Supported))]
    public void PyTorch_exports_run_in_onnx_runtime_as_we_read_them(string name)
    {
        var c = Case(name);
        string path = ParityFixtures.PathOf("onnx/" + c.GetProperty("file").GetString());
        var model = OnnxFile.Load(path);
        var x = OnnxExportTests.Inputs(model.InputSize, 40, 5, extremes: false);
        string input = c.GetProperty("input_name").GetString()!;
        if (c.GetProperty("dtype").GetString() == "float32")
        {
            double[] expected = model.Predict(x.Map(v => (double)(float)v)).ToRowMajorArray();
            AssertClose.AllClose(expected, [.. OnnxRuntimeRunner.RunFloat(File.ReadAllBytes(path), x, input).Select(v => (double)v)], rtol: 1e-5, atol: 1e-6);
        }
        else if (!model.Activations.Contains(Activation.Gelu))
        {
            // (PyTorch's float64 GELU uses Erf, which ONNX Runtime has no float64 kernel for.)
            AssertClose.AllClose(model.Predict(x).ToRowMajorArray(), OnnxRuntimeRunner.RunDouble(File.ReadAllBytes(path), x, input), rtol: 1e-12, atol: 1e-15);
        }
    }

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void PyTorch_export_with_other_operators_is_refused_naming_the_first(string name)
    {
        var c = Case(name);
        string path = ParityFixtures.PathOf("onnx/" + c.GetProperty("file").GetString());
        var e = Assert.Throws<ModelFormatException>(() => OnnxFile.Load(path));
        Assert.Contains($"({c.GetProperty("unsupported").GetString()}) is not supported", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        output.WriteLine(e.Message);
    }

    [Fact]
    public void Fine_tuning_starts_from_the_imported_parameters()
    {
        var model = OnnxFile.Load(ParityFixtures.PathOf("onnx/tutorial_float64.onnx"));
        var init = Initializer.From(model);
        var (start, next) = init.Initialize(model.Layout, model.Activations, RandomState.Seed(1));
        Assert.Same(model, start);
        Assert.Equal(RandomState.Seed(1).NextUInt32(1).Values, next.NextUInt32(1).Values);
        Assert.Throws<ArgumentException>(() => init.Initialize([1, 5, 1], Mlp.UniformActivations(2, Activation.Relu), RandomState.Seed(1)));
        Assert.Throws<FormatException>(() => Initializer.Parse("given"));
    }

    private static IEnumerable<JsonElement> Cases() => Fixtures.Value.GetProperty("onnx").EnumerateArray();

    private static JsonElement Case(string name) => Cases().Single(c => c.GetProperty("name").GetString() == name);

    internal static Matrix<double> Rows(JsonElement rows) => ParityFixtures.Rows(rows);
}
