using System.Collections.Immutable;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;

namespace Functional.Core.Training;

/// <summary>
/// Everything that defines a training run besides the data. A run is a pure function of its config and
/// data: the seed feeds the generator chosen by <paramref name="Random"/> for initialisation, the validation
/// split and each epoch's shuffle.
/// </summary>
/// <param name="Layout">Widths from input to output, e.g. [1, 10, 10, 10, 1].</param>
/// <param name="Activations">One per layer; the last is the output activation.</param>
/// <param name="Initializer">How the initial parameters are drawn.</param>
/// <param name="Loss">The loss minimised.</param>
/// <param name="Optimizer">The optimizer (a gradient transformation).</param>
/// <param name="Batches">Batch size, shuffling and drop-last.</param>
/// <param name="Epochs">How many epochs to run in total (a resumed run continues up to this epoch).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="ValidationFraction">Share of samples held out for validation, in [0, 1); 0 for none.</param>
/// <param name="EarlyStopping">Early stopping rule, or null to always run every epoch.</param>
/// <param name="Random">Which generator the seed drives: keyed streams, or PyTorch's generator drawn in a PyTorch
/// script's order (see <see cref="RandomSource"/>).</param>
public sealed record TrainingConfig(
    ImmutableArray<int> Layout,
    ImmutableArray<Activation> Activations,
    Initializer Initializer,
    Loss Loss,
    GradientTransformation Optimizer,
    BatchOptions Batches,
    int Epochs,
    long Seed,
    double ValidationFraction = 0.0,
    EarlyStopping? EarlyStopping = null,
    RandomSource Random = RandomSource.Keyed)
{
    /// <summary>
    /// Checks the numbers a user can get wrong and throws <see cref="ArgumentException"/> naming the field:
    /// epochs outside <see cref="RunRules.Epochs"/>, batch size below 1, validation fraction outside [0, 1),
    /// early-stopping patience below 1 or a min delta not finite and ≥ 0 (<see cref="RunRules"/>), activations not one per layer, an initialiser that
    /// cannot start the layout (<c>tutorial</c> on another layout) or cannot draw from the generator.
    /// </summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Initializer);
        Initializer.Validate(Layout, Random);
        if (!Enum.IsDefined(Random))
        {
            throw new ArgumentException($"unknown random source {Random}", nameof(Random));
        }

        if (Activations.IsDefault || Activations.Length != Layout.Length - 1)
        {
            throw new ArgumentException($"activations: need one per layer ({Layout.Length - 1})", nameof(Activations));
        }

        RunRules.ForField(nameof(Epochs), () => RunRules.Epochs(Epochs));

        if (Batches.BatchSize < 1)
        {
            throw new ArgumentException($"batch size must be at least 1, got {Batches.BatchSize}", nameof(Batches));
        }

        RunRules.ForField(nameof(ValidationFraction), () => RunRules.ValidationFraction(ValidationFraction));
        if (EarlyStopping is { } e)
        {
            RunRules.ForField(nameof(EarlyStopping), () => RunRules.Patience(e.Patience));
            RunRules.ForField(nameof(EarlyStopping), () => RunRules.MinDelta(e.MinDelta));
        }
    }
}
