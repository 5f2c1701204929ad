using System.Text.RegularExpressions;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Training;

namespace Functional.Properties.Tests.Docs;

/// <summary>
/// The C# snippets of docs/tutorial.md, in order, compiled and run here. The test checks that every
/// snippet in the page (less its using lines) appears verbatim in this file, so the page cannot go stale.
/// </summary>
public partial class TutorialExamples
{
    private static (double First, int Parameters, double FinalLoss, double Prediction, bool XorSolvedBySeed42) Tutorial()
    {
        // tutorial begins
        Dataset data = TutorialData.Generate();              // X and Y of shape (100, 1)
        double first = data.X[0, 0];                          // -1.254598811526375, as NumPy
        Dataset curve = TutorialData.ReferenceCurve();       // ftrue on np.arange(-5, 5, 0.01): 1,000 points

        var activations = Mlp.UniformActivations(4, Activation.Relu);          // relu, relu, relu, identity
        Mlp model = Initializer.TorchDefault.Initialize([1, 10, 10, 10, 1], activations, seed: 42);
        Console.WriteLine(ModelSummary.Render(model));

        var batches = Batching.Batches(data, new BatchOptions(BatchSize: 25), seed: 42, epoch: 0);

        // one step: returns new parameters, new optimizer state and the batch loss; nothing is mutated
        GradientTransformation adam = Optimizer.Adam(learningRate: 1e-4);
        TransformState state = adam.Init(model);
        StepResult step = TrainingStep.Step(model, adam, state, batches[0], new MseLoss());

        // the whole run: 50,000 epochs of the tutorial
        var config = new TrainingConfig(
            Layout: [1, 10, 10, 10, 1], Activations: activations, Initializer: Initializer.TorchDefault,
            Loss: new MseLoss(), Optimizer: Optimizer.Adam(learningRate: 1e-4),
            Batches: new BatchOptions(BatchSize: 25), Epochs: 50_000, Seed: 42);
        TrainingResult result = Trainer.Train(config, data);   // result.Trace: per-epoch summed batch losses

        var x = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(1, 1, 0.5);  // one sample per row
        double y = result.Model.Predict(x)[0, 0];

        var xor = XorData.Create();                                   // X (4, 2), Y (4, 1)
        var xorConfig = new TrainingConfig(
            Layout: [2, 2, 1], Activations: Mlp.UniformActivations(2, Activation.Sigmoid),
            Initializer: Initializer.TorchDefault, Loss: new MseLoss(),
            Optimizer: Optimizer.AdamW(learningRate: 0.03, weightDecay: 0.01),
            Batches: new BatchOptions(BatchSize: 4, Shuffle: false), Epochs: 1_000, Seed: 42);
        var xorResult = Trainer.Train(xorConfig, xor);
        // tutorial ends
        return (first, model.ParameterCount, result.Trace.Epochs[^1].Loss, y, Functional.Core.Sweep.SweepMetrics.Solves(xorResult.Model, xor));
    }

    [Fact]
    public void Tutorial_snippets_run_and_give_the_figures_the_page_quotes()
    {
        var (first, parameters, finalLoss, prediction, solved) = Tutorial();
        Assert.Equal(-1.254598811526375, first);
        Assert.Equal(251, parameters);
        Assert.Equal("421.1", Functional.Cli.PythonFormat.General(finalLoss)); // the page's table, epoch 50000
        Assert.True(double.IsFinite(prediction));
        Assert.True(solved);
    }

    [Fact]
    public void Every_snippet_of_the_page_is_in_this_file()
    {
        string root = ReadmeExample.RepositoryRoot();
        string page = File.ReadAllText(Path.Combine(root, "docs", "tutorial.md")).ReplaceLineEndings("\n");
        string source = File.ReadAllText(Path.Combine(root, "tests", "Properties", "Docs", "TutorialExamples.cs")).ReplaceLineEndings("\n");
        string unindented = string.Join("\n", source.Split('\n').Select(l => l.StartsWith("        ", StringComparison.Ordinal) ? l[8..] : l));
        var snippets = CSharpBlock().Matches(page).Select(m => string.Join("\n", m.Groups[1].Value.TrimEnd('\n').Split('\n').Where(l => !l.StartsWith("using ", StringComparison.Ordinal))).Trim('\n')).ToList();
        Assert.Equal(6, snippets.Count);
        Assert.All(snippets, snippet => Assert.Contains(snippet, unindented));
    }

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
