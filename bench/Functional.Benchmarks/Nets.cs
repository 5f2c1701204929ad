using System.Collections.Immutable;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Training;

namespace Functional.Benchmarks;

/// <summary>The nets the benchmarks train: the tutorial's, and wider or deeper ones to show how cost grows.</summary>
internal static class Nets
{
    /// <summary>The tutorial's regression replay: 1-10-10-10-1 ReLU, MSE, Adam lr 1e-4, batches of 25.</summary>
    public static TrainingConfig Regression(int epochs, string layout = "1,10,10,10,1", int batchSize = 25) =>
        Config(layout, batchSize, epochs);

    public static TrainingConfig Config(string layout, int batchSize, int epochs, string optimizer = "adam:lr=1e-4")
    {
        var widths = layout.Split(',').Select(int.Parse).ToImmutableArray();
        return new TrainingConfig(
            widths,
            Mlp.UniformActivations(widths.Length - 1, Activation.Relu),
            Initializer.TorchDefault,
            new MseLoss(),
            OptimizerSpec.Parse(optimizer).Create(),
            new BatchOptions(batchSize),
            epochs,
            42);
    }

    /// <summary>The tutorial's data (100 samples), or as many samples of the same curve as asked for.</summary>
    public static Dataset Data(int count = 100) =>
        count == 100 ? TutorialData.Generate() : TutorialData.Generate(TutorialDataOptions.Tutorial with { Count = count });
}
