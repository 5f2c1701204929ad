using System.Text.RegularExpressions;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.Docs;

/// <summary>
/// The C# example in README.md, compiled and run here. The test checks that README's code block is this
/// method's body, line for line, so the example cannot go stale.
/// </summary>
public partial class ReadmeExample
{
    private static (TrainingResult Result, double Prediction) Example()
    {
        // README example begins
        var data = TutorialData.Generate();             // np.random.seed(42): 100 noisy points
        var config = new TrainingConfig(
            Layout: [1, 10, 10, 10, 1],
            Activations: Mlp.UniformActivations(4, Activation.Relu),
            Initializer: Initializer.Tutorial,          // the 251 values the tutorial printed
            Loss: new MseLoss(),
            Optimizer: Optimizer.Adam(learningRate: 1e-4),
            Batches: new BatchOptions(BatchSize: 25),
            Epochs: 2_000,
            Seed: 12,
            Random: RandomSource.Torch);                // batch orders as torch.manual_seed(12) draws them
        var result = Trainer.Train(config, data);       // pure: returns model, optimizer state, trace
        var x = Matrix<double>.Build.Dense(1, 1, 0.5);  // one sample per row
        double prediction = result.Model.Predict(x)[0, 0];
        // README example ends
        return (result, prediction);
    }

    [Fact]
    public void Readme_example_runs_and_learns()
    {
        var (result, prediction) = Example();
        Assert.Equal(2_000, result.State.Epoch);
        Assert.True(result.Trace.Epochs[^1].Loss < result.Trace.Epochs[0].Loss / 2, "the loss should at least halve");
        Assert.True(double.IsFinite(prediction));
    }

    [Fact]
    public void Readme_shows_exactly_this_example()
    {
        string root = RepositoryRoot();
        string source = File.ReadAllText(Path.Combine(root, "tests", "Properties", "Docs", "ReadmeExample.cs"));
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        string body = Between(source, "// README example begins\n", "        // README example ends");
        string expected = string.Join("\n", body.TrimEnd('\n').Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));
        var block = CSharpBlock().Match(readme);
        Assert.True(block.Success, "README.md has no ```csharp block");
        string shown = block.Groups[1].Value.ReplaceLineEndings("\n").TrimEnd('\n');
        Assert.EndsWith(expected, shown);
    }

    private static string Between(string text, string start, string end)
    {
        text = text.ReplaceLineEndings("\n");
        int i = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[i..text.IndexOf(end, i, StringComparison.Ordinal)];
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Functional.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Functional.sln not found above the test binaries");
    }

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
