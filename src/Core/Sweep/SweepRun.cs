using System.Diagnostics.Contracts;
using Functional.Core.Data;
using Functional.Core.Training;

namespace Functional.Core.Sweep;

/// <summary>One run of a sweep: a configuration trained with one seed.</summary>
/// <param name="Index">Position in the sweep's run order (configuration index × seeds + seed index), from 0.</param>
/// <param name="Configuration">The configuration trained.</param>
/// <param name="SeedIndex">Which of the configuration's seeds, from 0.</param>
/// <param name="Seed">The run's seed: the grid's seed base plus <see cref="SeedIndex"/>.</param>
/// <param name="Training">The complete training config of the run.</param>
public sealed record SweepRun(int Index, SweepConfiguration Configuration, int SeedIndex, long Seed, TrainingConfig Training)
{
    /// <summary>
    /// Returns a rough count of the run's arithmetic (multiply-adds of the forward and backward passes plus
    /// a per-parameter optimizer cost, over every step) on a data set of <paramref name="sampleCount"/>
    /// rows. Only ratios between runs mean anything: the engine starts the biggest runs first, and a host
    /// can weight progress by it.
    /// </summary>
    [Pure]
    public double EstimatedWork(int sampleCount)
    {
        int n = Math.Max(1, sampleCount);
        int batches = Batching.BatchCount(n, Training.Batches);
        double weights = 0.0, parameters = 0.0;
        var layout = Training.Layout;
        for (int i = 0; i + 1 < layout.Length; i++)
        {
            weights += (double)layout[i] * layout[i + 1];
            parameters += (double)layout[i] * layout[i + 1] + layout[i + 1];
        }

        // Forward, the two backward products and the activations: about 3 multiply-adds per weight and
        // sample; the optimizer touches every parameter about 10 times per step.
        double perEpoch = 3.0 * n * weights + 10.0 * batches * parameters;
        return Math.Max(1, Training.Epochs) * perEpoch;
    }
}
