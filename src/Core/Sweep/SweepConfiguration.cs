using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Globalization;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Serialization;

namespace Functional.Core.Sweep;

/// <summary>
/// One point of a sweep's grid: a layout, a hidden activation, an optimizer with its learning rate and a
/// batch size. Every seed of the sweep trains this configuration once.
/// </summary>
/// <param name="Index">Position in the grid's expansion order (layout, activation, optimizer, learning rate, batch size; the last varies fastest), from 0.</param>
/// <param name="Layout">Widths from input to output, e.g. [1, 10, 10, 10, 1].</param>
/// <param name="Activation">The activation of every hidden layer; the output layer has none (identity).</param>
/// <param name="Optimizer">The optimizer with its learning rate set (<see cref="OptimizerSpec.LearningRate"/> is never null here).</param>
/// <param name="BatchSize">Samples per batch; <see cref="int.MaxValue"/> means the whole data set.</param>
public sealed record SweepConfiguration(
    int Index,
    ImmutableArray<int> Layout,
    Activation Activation,
    OptimizerSpec Optimizer,
    int BatchSize)
{
    /// <summary>The learning rate the optimizer uses.</summary>
    public double LearningRate => Optimizer.EffectiveLearningRate;

    /// <summary>The layout as text, widths joined by '-' (e.g. <c>1-10-10-10-1</c>).</summary>
    public string LayoutText => string.Join("-", Layout);

    /// <summary>The batch size as text: the number, or <c>all</c> for the whole data set.</summary>
    public string BatchText => BatchSize == int.MaxValue ? "all" : BatchSize.ToString(CultureInfo.InvariantCulture);

    /// <summary>The optimizer without its learning rate, as <see cref="OptimizerSpec.Parse"/> reads it (e.g. <c>adam</c>, <c>sgd:momentum=0.9</c>).</summary>
    public string OptimizerText => (Optimizer with { LearningRate = null }).ToString();

    /// <summary>The learning rate as text (shortest round-trip form, e.g. <c>0.0001</c>).</summary>
    public string LearningRateText => Arguments.Format(LearningRate);

    /// <summary>A one-line label: layout, activation, optimizer, learning rate and batch size.</summary>
    public string Label => $"{LayoutText} {Activation.Name} {OptimizerText} lr={LearningRateText} batch={BatchText}";

    /// <summary>The activations one per layer: <see cref="Activation"/> for every hidden layer, identity for the output.</summary>
    public ImmutableArray<Activation> Activations => Mlp.UniformActivations(Layout.Length - 1, Activation);

    /// <summary>
    /// Returns the settings of one run of this configuration: MSE-style <paramref name="loss"/>,
    /// <paramref name="initializer"/>, batches of <see cref="BatchSize"/> (reshuffled every epoch when
    /// <paramref name="shuffle"/>), <paramref name="epochs"/> epochs, <paramref name="seed"/>, no
    /// validation split, no early stopping, drawn by <paramref name="random"/>.
    /// </summary>
    [Pure]
    public RunSpec ToRunSpec(Loss loss, Initializer initializer, bool shuffle, int epochs, long seed, RandomSource random) =>
        new(Layout, Activations, initializer, loss, Optimizer, new BatchOptions(BatchSize, Shuffle: shuffle), epochs, seed, Random: random);
}
