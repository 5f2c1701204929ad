using System.Diagnostics.Contracts;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;

namespace Functional.Core.Training;

/// <summary>
/// The tutorial's two runs as configs, the library's entry point to a replay: train them on
/// <see cref="TutorialData.Generate()"/> and <see cref="XorData.Create"/>.
/// </summary>
public static class TutorialRuns
{
    /// <summary>
    /// The default seed of the regression replay: the PyTorch batch order (<c>torch.manual_seed</c> before the
    /// first epoch) under which training from the tutorial's printed start follows its 20 printed losses most
    /// closely, found by a sweep over seeds (docs/tutorial.md shows the sweep).
    /// </summary>
    public const long RegressionSeed = 12;

    /// <summary>
    /// The default seed of the XOR replay. The tutorial never printed its XOR start, so no seed recovers its run;
    /// of PyTorch seeds 0-199 this one comes closest to its four printed losses (stuck near 1/6, as it was).
    /// </summary>
    public const long XorSeed = 18;

    /// <summary>The regression's optimizer: Adam with learning rate 1e-4.</summary>
    public static OptimizerSpec RegressionOptimizer { get; } = new OptimizerSpec.Adam { LearningRate = 1e-4 };

    /// <summary>The XOR run's optimizer: AdamW with learning rate 0.03 and weight decay 0.01.</summary>
    public static OptimizerSpec XorOptimizer { get; } = new OptimizerSpec.AdamW(WeightDecay: 0.01) { LearningRate = 0.03 };

    /// <summary>
    /// The tutorial's regression: layout 1-10-10-10-1, ReLU, MSE, Adam (lr 1e-4), batches of 25 reshuffled every
    /// epoch, <paramref name="epochs"/> epochs (50,000), from the tutorial's printed initial parameters, with
    /// PyTorch's generator seeded with <paramref name="seed"/> drawing the batch orders.
    /// </summary>
    [Pure]
    public static TrainingConfig Regression(int epochs = 50_000, long seed = RegressionSeed) => new(
        TutorialParameters.Layout,
        Mlp.UniformActivations(4, Activation.Relu),
        Initializer.Tutorial,
        new MseLoss(),
        RegressionOptimizer.Create(),
        BatchOptions.Tutorial,
        epochs,
        seed,
        Random: RandomSource.Torch);

    /// <summary>
    /// The tutorial's XOR: layout 2-2-1, sigmoid hidden layer, MSE, AdamW (lr 0.03, weight decay 0.01), the four
    /// points as one batch, <paramref name="epochs"/> epochs (1,000), initialised as <c>nn.Linear</c> does after
    /// <c>torch.manual_seed(seed)</c>.
    /// </summary>
    [Pure]
    public static TrainingConfig Xor(int epochs = 1_000, long seed = XorSeed) => new(
        [2, 2, 1],
        Mlp.UniformActivations(2, Activation.Sigmoid),
        Initializer.TorchDefault,
        new MseLoss(),
        XorOptimizer.Create(),
        new BatchOptions(int.MaxValue, Shuffle: false),
        epochs,
        seed,
        Random: RandomSource.Torch);
}
