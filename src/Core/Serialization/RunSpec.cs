using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Training;

namespace Functional.Core.Serialization;

/// <summary>
/// A run's settings as values that can be saved: a <see cref="TrainingConfig"/> with the optimizer as an
/// <see cref="OptimizerSpec"/> (its text, e.g. <c>adam:lr=0.0001</c>) instead of the live transformation, plus a
/// free-form <see cref="Host"/> section where a host keeps its own settings (the CLI keeps its command, log
/// interval and data file there). <see cref="ToConfig"/> builds the config, its optimizer made by
/// <c>Optimizer.Create(Schedule)</c>, so the spec is the only place the learning rate is held; runs whose
/// optimizer is not described by a spec and a schedule spec (a custom chain, a hand-written schedule) cannot
/// be checkpointed.
/// </summary>
/// <param name="Layout">Widths from input to output.</param>
/// <param name="Activations">One per layer; the last is the output activation.</param>
/// <param name="Initializer">How the initial parameters were drawn.</param>
/// <param name="Loss">The loss minimised.</param>
/// <param name="Optimizer">The optimizer, by name and hyperparameters.</param>
/// <param name="Batches">Batch size, shuffling and drop-last.</param>
/// <param name="Epochs">The epoch the run is heading for.</param>
/// <param name="Seed">The run's seed: with the epoch (and, for the torch generator, the layout and initialiser,
/// which fix how many words were drawn before the first epoch) it fixes every shuffle, so it is the whole
/// random-stream state of a run.</param>
/// <param name="ValidationFraction">Share of samples held out for validation; 0 for none.</param>
/// <param name="EarlyStopping">Early stopping rule, or null.</param>
/// <param name="Host">Settings of the host that ran it (name to text), or empty.</param>
/// <param name="Random">The generator the seed drives.</param>
public sealed record RunSpec(
    ImmutableArray<int> Layout,
    ImmutableArray<Activation> Activations,
    Initializer Initializer,
    Loss Loss,
    OptimizerSpec Optimizer,
    BatchOptions Batches,
    int Epochs,
    long Seed,
    double ValidationFraction = 0.0,
    EarlyStopping? EarlyStopping = null,
    ImmutableSortedDictionary<string, string>? Host = null,
    RandomSource Random = RandomSource.Keyed)
{
    /// <summary>
    /// The learning-rate schedule the optimizer is built with, its initial rate the optimizer's; null for the
    /// optimizer's fixed rate. A cosine schedule's length must be set (<see cref="ScheduleSpec.TMax"/>).
    /// </summary>
    public ScheduleSpec? Schedule { get; init; }

    /// <summary>The host section, never null (empty when none was given).</summary>
    public ImmutableSortedDictionary<string, string> HostSettings => Host ?? ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>The optimizer this describes: <see cref="Optimizer"/> with <see cref="Schedule"/> in place of its fixed rate, if any.</summary>
    internal GradientTransformation CreateOptimizer() => Optimizer.Create(Schedule);

    /// <summary>
    /// Returns the training config this describes, the optimizer built by <c>Optimizer.Create()</c> with the
    /// <see cref="Schedule"/>, if any.
    /// Throws <see cref="ArgumentException"/> when the spec or the config is invalid.
    /// </summary>
    [Pure]
    public TrainingConfig ToConfig()
    {
        var config = new TrainingConfig(Layout, Activations, Initializer, Loss, CreateOptimizer(), Batches, Epochs, Seed, ValidationFraction, EarlyStopping, Random);
        config.Validate();
        return config;
    }
}
