using System.Text.RegularExpressions;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Training;

namespace Functional.Properties.Tests.Docs;

/// <summary>
/// The C# snippets of docs/tutorial.md, in order, compiled and run here. The test checks that every
/// snippet in the page (less its using lines) appears verbatim in this file, so the page cannot go stale.
/// </summary>
public partial class TutorialExamples
{
    private static TutorialFigures Tutorial()
    {
        // tutorial begins
        Dataset data = TutorialData.Generate();              // X and Y of shape (100, 1)
        double first = data.X[0, 0];                          // -1.254598811526375, as NumPy
        Dataset curve = TutorialData.ReferenceCurve();       // ftrue on np.arange(-5, 5, 0.01): 1,000 points

        var activations = Mlp.UniformActivations(4, Activation.Relu);          // relu, relu, relu, identity
        Mlp model = TutorialParameters.Create(activations);                    // the 251 values the tutorial printed
        var (drawn, _) = Initializer.TorchDefault.InitializeTorch([1, 10, 10, 10, 1], activations, RandomState.TorchManualSeed(0));
        Console.WriteLine(ModelSummary.Render(model));

        var (order, next) = Batching.TorchEpochOrder(RandomState.TorchManualSeed(12), count: 100, shuffle: true);
        var batches = Batching.Batches(data, new BatchOptions(BatchSize: 25), seed: 42, epoch: 0);  // keyed: (seed, epoch)

        // one step: returns new parameters, new optimizer state and the batch loss; nothing is mutated
        GradientTransformation adam = Optimizer.Adam(learningRate: 1e-4);
        TransformState state = adam.Init(model);
        StepResult step = TrainingStep.Step(model, adam, state, batches[0], new MseLoss());

        // the whole run: 50,000 epochs from the printed start, batch orders from torch.manual_seed(12)
        TrainingConfig config = TutorialRuns.Regression();
        TrainingResult result = Trainer.Train(config, data);   // result.Trace: per-epoch summed batch losses

        // the same, spelled out; Random: RandomSource.Keyed would draw from keyed streams instead
        var spelled = new TrainingConfig(
            Layout: [1, 10, 10, 10, 1], Activations: activations, Initializer: Initializer.Tutorial,
            Loss: new MseLoss(), Optimizer: Optimizer.Adam(learningRate: 1e-4),
            Batches: new BatchOptions(BatchSize: 25), Epochs: 50_000, Seed: 12, Random: RandomSource.Torch);

        var x = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(1, 1, 0.5);  // one sample per row
        double y = result.Model.Predict(x)[0, 0];

        var xor = XorData.Create();                                   // X (4, 2), Y (4, 1)
        var xorConfig = TutorialRuns.Xor(seed: 42);                   // 2-2-1 sigmoid, AdamW lr 0.03, full batch, 1,000 epochs
        var xorResult = Trainer.Train(xorConfig, xor);                // nn.Linear's start after torch.manual_seed(42)
        // tutorial ends
        return new TutorialFigures(
            first, model.ParameterCount, model.Layers[0].W[0, 0], drawn.Layers[0].W[0, 0], order, next,
            result.Trace.Epochs[^1].Loss, Trainer.Train(spelled with { Epochs = 100 }, data).Trace, Trainer.Train(config with { Epochs = 100 }, data).Trace,
            y, Functional.Core.Sweep.SweepMetrics.Solves(xorResult.Model, xor));
    }

    private sealed record TutorialFigures(
        double First, int Parameters, double PrintedFirstWeight, double DrawnFirstWeight, int[] Order, RandomState AfterOrder,
        double FinalLoss, TrainingTrace SpelledTrace, TrainingTrace DefaultTrace, double Prediction, bool XorSolvedBySeed42);

    [Fact]
    public void Tutorial_snippets_run_and_give_the_figures_the_page_quotes()
    {
        var f = Tutorial();
        Assert.Equal(-1.254598811526375, f.First);
        Assert.Equal(251, f.Parameters);
        Assert.Equal(0.5957, f.PrintedFirstWeight);        // the tutorial's printed sequence.input.weight[0, 0]
        Assert.Equal(-0.007486820220947266, f.DrawnFirstWeight); // nn.Linear(1, 10).weight[0, 0] after torch.manual_seed(0), from PyTorch
        Assert.Equal(Enumerable.Range(0, 100), f.Order.Order());
        Assert.Equal(RandomState.TorchManualSeed(12).Skip(4), f.AfterOrder);
        Assert.Equal("363.4", Functional.Cli.PythonFormat.General(f.FinalLoss)); // the page's table, epoch 50000
        Assert.Equal(f.DefaultTrace.Epochs.Select(static r => r.Loss), f.SpelledTrace.Epochs.Select(static r => r.Loss));
        Assert.True(double.IsFinite(f.Prediction));
        Assert.True(f.XorSolvedBySeed42);
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
