using System.Globalization;
using Functional.Core.Model;
using Functional.Core.Serialization;
using MathNet.Numerics.LinearAlgebra;
using Snapshooter.Xunit;
using static Functional.Snapshots.Tests.PersistenceCliTests;

namespace Functional.Snapshots.Tests;

/// <summary><c>mlp predict</c>: inputs from --x or a CSV file, model or checkpoint files, one-line errors.</summary>
public sealed class PredictCliTests
{
    // A 2-2-1 net with round numbers, so the snapshot can be checked by hand:
    // h = relu(W1 x + b1), y = W2 h + b2.
    private const string Model = """
        {"format": "functional.mlp", "version": 1, "layout": [2, 2, 1], "activations": ["relu", "identity"],
         "layers": [{"weight": [[1, 1], [1, -1]], "bias": [0, 0.5]}, {"weight": [[2, -1]], "bias": [0.25]}]}
        """;

    [Fact]
    public void SamplesFromTheCommandLine()
    {
        using var temp = new TempFolder();
        string model = temp.File("model.json");
        File.WriteAllText(model, Model);
        var (code, output, error) = CliRunner.Run("predict", "--model", model, "--x", "0,0; 0,1; 1,0; 1,1");
        Assert.Equal((0, ""), (code, error));
        // relu: (0,0) -> h = (0, 0.5) -> 2*0 - 0.5 + 0.25 = -0.25; (0,1) -> h = (1, 0) -> 2.25;
        // (1,0) -> h = (1, 1.5) -> 0.75; (1,1) -> h = (2, 0.5) -> 3.75.
        Assert.Equal("x0,x1,prediction\n0,0,-0.25\n0,1,2.25\n1,0,0.75\n1,1,3.75\n", output);
        Snapshot.Match(output);
    }

    [Fact]
    public void SamplesFromACsvFileKeepItsHeaderAndIgnoreExtraColumns()
    {
        using var temp = new TempFolder();
        string model = temp.File("model.json"), data = temp.File("points.csv"), output = temp.File("predictions.csv");
        File.WriteAllText(model, Model);
        File.WriteAllText(data, "a,b,target\n0,1,1\n1,1,0\n");
        var (code, stdout, error) = CliRunner.Run("predict", "--model", model, "--data", data, "--out", output);
        Assert.Equal((0, "", ""), (code, stdout, error));
        Assert.Equal("a,b,prediction\n0,1,2.25\n1,1,3.75\n", File.ReadAllText(output));
    }

    [Fact]
    public void ACheckpointsModelPredictsInRoundTripPrecision()
    {
        using var temp = new TempFolder();
        string checkpoint = temp.File("run.json");
        Assert.Equal(0, CliRunner.Run("regression", "--epochs", "5", "--no-plots", "--save", checkpoint).ExitCode);
        var (code, output, _) = CliRunner.Run("predict", "--model", checkpoint, "--x", "0.5;-1.25");
        Assert.Equal(0, code);

        var net = CheckpointFile.Load(checkpoint).State.Model;
        var expected = net.Predict(Matrix<double>.Build.DenseOfColumnArrays([0.5, -1.25]));
        Assert.Equal(
            $"x,prediction\n0.5,{R(expected[0, 0])}\n-1.25,{R(expected[1, 0])}\n",
            output);
    }

    [Fact]
    public void InputErrorsAreOneLine()
    {
        using var temp = new TempFolder();
        string model = temp.File("model.json");
        File.WriteAllText(model, Model);
        AssertUsage("mlp: --x '0.5': has 1 value(s) but the model takes 2 inputs (layout 2,2,1)", "predict", "--model", model, "--x", "0.5");
        AssertUsage("mlp: --x '1,2;3': sample 2 ('3') has 1 value(s) but the model takes 2 inputs (layout 2,2,1)", "predict", "--model", model, "--x", "1,2;3");
        AssertUsage("mlp: --x '1,abc': 'abc' is not a finite number", "predict", "--model", model, "--x", "1,abc");
        AssertUsage("mlp: predict needs the inputs: give --x 0.5,1.2 or --data FILE.csv", "predict", "--model", model);
        AssertUsage("mlp: give either --x or --data, not both", "predict", "--model", model, "--x", "1,2", "--data", model);

        string missing = temp.File("nope.json");
        AssertUsage($"mlp: --model {missing}: file not found", "predict", "--model", missing, "--x", "1,2");
        string csv = temp.File("one.csv");
        File.WriteAllText(csv, "x\n1\n");
        AssertUsage($"mlp: --data {csv}:1: input column 1 does not exist; the rows have 1 field(s), indices 0..0 (the model takes 2 inputs (layout 2,2,1))", "predict", "--model", model, "--data", csv);

        string bad = temp.File("bad.json");
        File.WriteAllText(bad, Model.Replace("[0, 0.5]", "[0]", StringComparison.Ordinal));
        AssertUsage($"mlp: --model {bad}: layer 0 bias has 1 values, layout says 2", "predict", "--model", bad, "--x", "1,2");
        File.WriteAllText(bad, "{\"format\": \"something.else\", \"version\": 1}");
        AssertUsage($"mlp: --model {bad}: format is \"something.else\", expected \"functional.mlp\" or \"functional.checkpoint\"", "predict", "--model", bad, "--x", "1,2");
    }

    [Fact]
    public void AModelSavedByTheLibraryPredictsLikeTheNet()
    {
        using var temp = new TempFolder();
        string path = temp.File("lib.json");
        var net = new Initializer().Initialize([1, 4, 1], Mlp.UniformActivations(2, Activation.Tanh), 3);
        ModelFile.Save(path, net);
        var (code, output, _) = CliRunner.Run("predict", "--model", path, "--x", "0.3");
        Assert.Equal(0, code);
        Assert.Equal($"x,prediction\n0.3,{R(net.Predict(Matrix<double>.Build.Dense(1, 1, 0.3))[0, 0])}\n", output);
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
