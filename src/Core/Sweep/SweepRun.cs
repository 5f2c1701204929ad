using System.Diagnostics.Contracts;
using Functional.Core.Data;
using Functional.Core.Serialization;
using Functional.Core.Training;

namespace Functional.Core.Sweep;

/// <summary>One run of a sweep: a configuration trained with one seed.</summary>
/// <param name="Index">Position in the sweep's run order (configuration index × seeds + seed index), from 0.</param>
/// <param name="Configuration">The configuration trained.</param>
/// <param name="SeedIndex">Which of the configuration's seeds, from 0.</param>
/// <param name="Seed">The run's seed: the grid's seed base plus <see cref="SeedIndex"/>.</param>
/// <param name="Spec">The run's complete settings, as its checkpoint stores them.</param>
public sealed record SweepRun(int Index, SweepConfiguration Configuration, int SeedIndex, long Seed, RunSpec Spec)
{
    /// <summary>The training config of the run, built from <see cref="Spec"/>.</summary>
    public TrainingConfig Training => Spec.ToConfig();

    /// <summary>
    /// Returns the run's rough relative cost on a data set of <paramref name="sampleCount"/> rows: per sample,
    /// the products of the forward and backward passes and the element-wise activation work; per step, a
    /// fixed cost per layer and the optimizer's work per parameter. The weights were fitted to single-thread
    /// run times of the tutorial's nets (about nanoseconds on the machine they were measured on); only ratios
    /// between runs mean anything. The engine starts the costliest runs first, and a host can weight
    /// progress and estimate the time left by it.
    /// </summary>
    [Pure]
    public double EstimatedWork(int sampleCount)
    {
        int n = Math.Max(1, sampleCount);
        int batches = Batching.BatchCount(n, Spec.Batches);
        double weights = 0.0, parameters = 0.0, units = 0.0;
        var layout = Spec.Layout;
        for (int i = 0; i + 1 < layout.Length; i++)
        {
            weights += (double)layout[i] * layout[i + 1];
            parameters += (double)layout[i] * layout[i + 1] + layout[i + 1];
            units += layout[i + 1];
        }

        double perEpoch = n * (3.7 * weights + 30.0 * units) + batches * (2_500.0 * (layout.Length - 1) + 30.0 * parameters);
        return Math.Max(1, Spec.Epochs) * perEpoch;
    }
}
