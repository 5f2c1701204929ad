using Functional.Core.Serialization;

namespace Functional.Snapshots.Tests;

/// <summary><c>mlp export</c>, <c>mlp predict --model FILE.onnx</c> and <c>--init onnx:FILE</c>.</summary>
public sealed class OnnxCliTests
{
    private const string Model = """
        {"format": "functional.mlp", "version": 1, "layout": [2, 2, 1], "activations": ["elu:0.5", "sigmoid"],
         "layers": [{"weight": [[1, 1], [1, -1]], "bias": [0, 0.5]}, {"weight": [[2, -1]], "bias": [0.1]}]}
        """;

    [Fact]
    public void Export_writes_the_file_and_says_what_it_wrote()
    {
        using var temp = new TempFolder();
        string model = temp.File("model.json"), onnx = temp.File("model.onnx"), onnx32 = temp.File("model32.onnx");
        File.WriteAllText(model, Model);
        var (code, output, error) = CliRunner.Run("export", "--model", model, "--onnx", onnx);
        Assert.Equal((0, ""), (code, error));
        int size = (int)new FileInfo(onnx).Length;
        Assert.Equal($"wrote {onnx}: ONNX opset 17, float64, layout 2,2,1, input 'input' (batch, 2), output 'output' (batch, 1), {size} bytes\n", output);
        Assert.Equal(OnnxFile.ToBytes(ModelFile.Load(model)), File.ReadAllBytes(onnx));
        Assert.Equal(0, CliRunner.Run("export", "--model", model, "--onnx", onnx32, "--float32").ExitCode);
        Assert.Equal(OnnxFile.ToBytes(ModelFile.Load(model), OnnxElementType.Float32), File.ReadAllBytes(onnx32));
        Assert.Equal(["model.json", "model.onnx", "model32.onnx"], Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Predict_from_the_onnx_file_prints_what_the_model_file_prints()
    {
        using var temp = new TempFolder();
        string model = temp.File("model.json"), onnx = temp.File("model.onnx");
        File.WriteAllText(model, Model);
        Assert.Equal(0, CliRunner.Run("export", "--model", model, "--onnx", onnx).ExitCode);
        var json = CliRunner.Run("predict", "--model", model, "--x", "0,0; 0.3,-2; 5,1");
        var fromOnnx = CliRunner.Run("predict", "--model", onnx, "--x", "0,0; 0.3,-2; 5,1");
        Assert.Equal((0, ""), (fromOnnx.ExitCode, fromOnnx.Error));
        Assert.Equal(json.Out, fromOnnx.Out);
    }

    [Fact]
    public void Fine_tuning_from_an_onnx_file_continues_the_exported_run()
    {
        using var temp = new TempFolder();
        string first = temp.File("first.json"), onnx = temp.File("first.onnx"), tuned = temp.File("tuned.json");
        Assert.Equal(0, CliRunner.Run("xor", "--epochs", "20", "--no-plots", "--quiet", "--save", first).ExitCode);
        Assert.Equal(0, CliRunner.Run("export", "--model", first, "--onnx", onnx).ExitCode);
        var run = CliRunner.Run("xor", "--init", "onnx:" + onnx, "--epochs", "0", "--no-plots", "--quiet", "--save", tuned);
        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Equal(ModelFile.LoadModelOrCheckpoint(first).ToFlatArray(), ModelFile.LoadModelOrCheckpoint(tuned).ToFlatArray());
        Assert.Contains("\"init\": \"given\"", File.ReadAllText(tuned), StringComparison.Ordinal);
    }
}
