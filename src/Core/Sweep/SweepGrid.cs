using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Training;

namespace Functional.Core.Sweep;

/// <summary>
/// A sweep's description: every combination of the listed layouts, hidden activations, optimizers,
/// learning rates and batch sizes is a configuration, and every configuration is trained once per seed.
/// Seeds are <c>SeedBase + 0, 1, ..., Seeds - 1</c>, the same for every configuration, so configurations
/// are compared on the same starting draws as far as their shapes allow.
/// </summary>
/// <param name="Task">Regression or XOR: sets the shuffling default and whether runs are judged solved.</param>
/// <param name="Layouts">Layouts, each widths from input to output (at least one).</param>
/// <param name="Activations">Hidden activations (at least one); the output layer is always identity.</param>
/// <param name="Optimizers">Optimizers (at least one). A spec without a learning rate takes <see cref="SweepTasks.DefaultLearningRate"/> unless <paramref name="LearningRates"/> is given.</param>
/// <param name="LearningRates">Learning rates crossed with every optimizer (each replaces the spec's own); empty to use each optimizer's own or default rate.</param>
/// <param name="BatchSizes">Batch sizes (at least one); <see cref="int.MaxValue"/> means the whole data set.</param>
/// <param name="Seeds">Seeds per configuration K, at least 1.</param>
/// <param name="Epochs">Epochs per run, at least 0.</param>
/// <param name="SeedBase">The first seed; configuration seeds are SeedBase + 0..K-1.</param>
public sealed record SweepGrid(
    SweepTask Task,
    ImmutableArray<ImmutableArray<int>> Layouts,
    ImmutableArray<Activation> Activations,
    ImmutableArray<OptimizerSpec> Optimizers,
    ImmutableArray<double> LearningRates,
    ImmutableArray<int> BatchSizes,
    int Seeds,
    int Epochs,
    long SeedBase = 42)
{
    /// <summary>The loss every run minimises (MSE, as both of the tutorial's parts).</summary>
    public Loss Loss { get; init; } = new MseLoss();

    /// <summary>How every run draws its initial parameters (PyTorch's default).</summary>
    public Initializer Initializer { get; init; } = Initializer.TorchDefault;

    /// <summary>The generator every run's seed drives (default keyed streams).</summary>
    public RandomSource Random { get; init; } = RandomSource.Keyed;

    /// <summary>Whether batches are reshuffled every epoch (the task's default: <see cref="SweepTasks.Shuffles"/>).</summary>
    public bool Shuffle { get; init; } = SweepTasks.Shuffles(Task);

    /// <summary>Number of configurations: the product of the list lengths (an empty learning-rate list counts 1).</summary>
    public int ConfigurationCount =>
        Count(Layouts) * Count(Activations) * Count(Optimizers) * Math.Max(1, Count(LearningRates)) * Count(BatchSizes);

    /// <summary>Number of runs: configurations × seeds.</summary>
    public int RunCount => ConfigurationCount * Seeds;

    /// <summary>
    /// Returns the configurations in expansion order: layouts outermost, then activations, optimizers,
    /// learning rates and batch sizes (innermost); configuration i has <see cref="SweepConfiguration.Index"/> i.
    /// Every optimizer spec comes back with its learning rate resolved. Throws as <see cref="Validate"/>.
    /// </summary>
    [Pure]
    public ImmutableArray<SweepConfiguration> Configurations()
    {
        Validate();
        var result = ImmutableArray.CreateBuilder<SweepConfiguration>(ConfigurationCount);
        foreach (var layout in Layouts)
        {
            foreach (var activation in Activations)
            {
                foreach (var optimizer in Optimizers)
                {
                    foreach (var spec in WithRates(optimizer))
                    {
                        foreach (int batchSize in BatchSizes)
                        {
                            result.Add(new SweepConfiguration(result.Count, layout, activation, spec, batchSize));
                        }
                    }
                }
            }
        }

        return result.MoveToImmutable();
    }

    /// <summary>
    /// Returns every run: for configuration c and seed index s the run with index c × Seeds + s and seed
    /// SeedBase + s, in index order. Throws as <see cref="Validate"/>.
    /// </summary>
    [Pure]
    public ImmutableArray<SweepRun> Runs()
    {
        var configurations = Configurations();
        var result = ImmutableArray.CreateBuilder<SweepRun>(configurations.Length * Seeds);
        foreach (var configuration in configurations)
        {
            for (int s = 0; s < Seeds; s++)
            {
                long seed = SeedBase + s;
                result.Add(new SweepRun(result.Count, configuration, s, seed, configuration.ToRunSpec(Loss, Initializer, Shuffle, Epochs, seed, Random)));
            }
        }

        return result.MoveToImmutable();
    }

    /// <summary>
    /// Checks the grid and throws <see cref="ArgumentException"/> naming the field: an empty list, a layout
    /// with fewer than two widths or a width below 1, a learning rate or epochs breaking <see cref="RunRules"/>, a batch
    /// size below 1, seeds below 1, an invalid optimizer spec, or more than int.MaxValue runs.
    /// </summary>
    public void Validate()
    {
        RequireSome(Layouts, nameof(Layouts));
        RequireSome(Activations, nameof(Activations));
        RequireSome(Optimizers, nameof(Optimizers));
        RequireSome(BatchSizes, nameof(BatchSizes));
        foreach (var layout in Layouts)
        {
            ArgumentNullException.ThrowIfNull(Initializer, nameof(Initializer));
            Initializer.Validate(layout, Random);
        }

        foreach (var activation in Activations)
        {
            ArgumentNullException.ThrowIfNull(activation, nameof(Activations));
        }

        foreach (var optimizer in Optimizers)
        {
            ArgumentNullException.ThrowIfNull(optimizer, nameof(Optimizers));
            optimizer.Validate();
        }

        foreach (double rate in LearningRates.IsDefault ? [] : LearningRates)
        {
            RunRules.ForField(nameof(LearningRates), () => RunRules.LearningRate(rate));
        }

        if (BatchSizes.Any(b => b < 1))
        {
            throw new ArgumentException($"batch sizes must be at least 1, got {string.Join(", ", BatchSizes)}", nameof(BatchSizes));
        }

        if (Seeds < 1)
        {
            throw new ArgumentException($"seeds per configuration must be at least 1, got {Seeds}", nameof(Seeds));
        }

        RunRules.ForField(nameof(Epochs), () => RunRules.Epochs(Epochs));

        long runs = (long)Layouts.Length * Activations.Length * Optimizers.Length * Math.Max(1, Count(LearningRates)) * BatchSizes.Length * Seeds;
        if (runs > int.MaxValue)
        {
            throw new ArgumentException($"the grid has {runs} runs; at most {int.MaxValue} are supported", nameof(Seeds));
        }
    }

    private IEnumerable<OptimizerSpec> WithRates(OptimizerSpec optimizer)
    {
        if (LearningRates.IsDefaultOrEmpty)
        {
            yield return optimizer with { LearningRate = optimizer.LearningRate ?? SweepTasks.DefaultLearningRate(Task, optimizer.Name) };
            yield break;
        }

        foreach (double rate in LearningRates)
        {
            yield return optimizer with { LearningRate = rate };
        }
    }

    private static int Count<T>(ImmutableArray<T> items) => items.IsDefault ? 0 : items.Length;

    private static void RequireSome<T>(ImmutableArray<T> items, string name)
    {
        if (items.IsDefaultOrEmpty)
        {
            throw new ArgumentException($"{name}: the grid needs at least one value", name);
        }
    }
}
