using System.Globalization;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Serialization;

namespace Functional.Cli;

/// <summary>
/// The defaults of one replay command: the tutorial's run as Core holds it (<c>TutorialRuns</c>), seen as the
/// option text the command's help shows, plus the host's own log interval.
/// </summary>
/// <param name="Tutorial">The tutorial's run (<c>TutorialRuns.RegressionRun</c> or <c>XorRun</c>).</param>
/// <param name="LogEvery">Epochs between log lines.</param>
internal sealed record RunDefaults(RunSpec Tutorial, int LogEvery)
{
    /// <summary>The layout as --layout takes it, e.g. <c>1,10,10,10,1</c>.</summary>
    public string Layout => string.Join(",", Tutorial.Layout);

    /// <summary>The hidden layers' activation as --activation takes it.</summary>
    public string Activation => Tutorial.Activations[0].Name;

    /// <summary>The loss as --loss takes it.</summary>
    public string Loss => Tutorial.Loss.Name;

    /// <summary>The optimizer with its learning rate (and any weight decay) set.</summary>
    public OptimizerSpec Optimizer => Tutorial.Optimizer;

    /// <summary>The batch size as --batch-size takes it: a number, or <c>all</c>.</summary>
    public string BatchSize => Tutorial.Batches.BatchSize == int.MaxValue ? "all" : Tutorial.Batches.BatchSize.ToString(CultureInfo.InvariantCulture);

    /// <summary>Total epochs.</summary>
    public int Epochs => Tutorial.Epochs;

    /// <summary>The seed.</summary>
    public long Seed => Tutorial.Seed;

    /// <summary>The initialiser's name as --init takes it.</summary>
    public string Init => Tutorial.Initializer.Name;

    /// <summary>Whether each epoch reshuffles the batches.</summary>
    public bool Shuffle => Tutorial.Batches.Shuffle;

    /// <summary>
    /// The initialiser when --init is not given: the command's own, except that the tutorial's printed start
    /// gives way to PyTorch's default where the layout is not the tutorial's.
    /// </summary>
    public Initializer DefaultInitializer(IReadOnlyList<int> layout) =>
        Tutorial.Initializer.Weights == WeightInit.Tutorial && !TutorialParameters.Fits(layout) ? Initializer.TorchDefault : Tutorial.Initializer;
}
