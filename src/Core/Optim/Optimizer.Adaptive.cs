using System.Diagnostics.Contracts;

namespace Functional.Core.Optim;

public static partial class Optimizer
{
    /// <summary>
    /// PyTorch's <c>torch.optim.RMSprop</c>: g ← g + λθ (when λ ≠ 0); v ← α v + (1 − α) g²; centred:
    /// g_ave ← α g_ave + (1 − α) g and ṽ = v − g_ave², else ṽ = v; with momentum μ &gt; 0,
    /// b ← μ b + g / (√ṽ + ε) and θ ← θ − γ b, else θ ← θ − γ g / (√ṽ + ε).
    /// </summary>
    /// <param name="learningRate">γ, ≥ 0 (default 0.01).</param>
    /// <param name="alpha">α, the smoothing constant (default 0.99).</param>
    /// <param name="eps">ε (default 1e-8).</param>
    /// <param name="weightDecay">λ, the coupled L2 penalty (default 0).</param>
    /// <param name="momentum">μ (default 0).</param>
    /// <param name="centered">Whether to centre the second moment (default false).</param>
    /// <returns>A chain: [weight decay], RMS scaling, [momentum], learning rate.</returns>
    [Pure]
    public static GradientTransformation RmsProp(
        double learningRate = 0.01, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0.0, double momentum = 0.0, bool centered = false) =>
        RmsProp(Transform.ScaleByLearningRate(learningRate), alpha, eps, weightDecay, momentum, centered);

    /// <summary>
    /// <see cref="RmsProp(double, double, double, double, double, bool)"/> with the learning rate of
    /// update k given by <paramref name="learningRate"/>(k) (applied after the momentum buffer, as PyTorch).
    /// </summary>
    [Pure]
    public static GradientTransformation RmsProp(
        Schedule learningRate, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0.0, double momentum = 0.0, bool centered = false) =>
        RmsProp(Transform.ScaleByLearningRate(learningRate), alpha, eps, weightDecay, momentum, centered);

    /// <summary>
    /// PyTorch's <c>torch.optim.Adagrad</c>: γ̃ = γ / (1 + (t − 1) η); g ← g + λθ (when λ ≠ 0);
    /// sum ← sum + g²; θ ← θ − γ̃ g / (√sum + ε), with sum starting at the initial accumulator value.
    /// </summary>
    /// <param name="learningRate">γ, ≥ 0 (default 0.01).</param>
    /// <param name="learningRateDecay">η (default 0).</param>
    /// <param name="weightDecay">λ, the coupled L2 penalty (default 0).</param>
    /// <param name="initialAccumulatorValue">The starting sum of squares (default 0).</param>
    /// <param name="eps">ε (default 1e-10).</param>
    /// <returns>A chain: [weight decay], RSS scaling, learning rate (scheduled when η ≠ 0).</returns>
    [Pure]
    public static GradientTransformation Adagrad(
        double learningRate = 0.01, double learningRateDecay = 0.0, double weightDecay = 0.0, double initialAccumulatorValue = 0.0, double eps = 1e-10)
    {
        Arguments.NonNegativeFinite(learningRate, nameof(learningRate));
        Arguments.NonNegativeFinite(learningRateDecay, nameof(learningRateDecay));
        var rate = learningRateDecay == 0.0
            ? Transform.ScaleByLearningRate(learningRate)
            : Transform.ScaleByLearningRate(Schedules.InverseTimeDecay(learningRate, learningRateDecay));
        return Adagrad(rate, weightDecay, initialAccumulatorValue, eps);
    }

    /// <summary>
    /// <see cref="Adagrad(double, double, double, double, double)"/> with base learning rate
    /// <paramref name="learningRate"/>(k) at update k, still divided by 1 + k η.
    /// </summary>
    [Pure]
    public static GradientTransformation Adagrad(
        Schedule learningRate, double learningRateDecay = 0.0, double weightDecay = 0.0, double initialAccumulatorValue = 0.0, double eps = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(learningRate);
        Arguments.NonNegativeFinite(learningRateDecay, nameof(learningRateDecay));
        Schedule decayed = learningRateDecay == 0.0 ? learningRate : step => learningRate(step) / (1.0 + step * learningRateDecay);
        return Adagrad(Transform.ScaleByLearningRate(decayed), weightDecay, initialAccumulatorValue, eps);
    }

    // The registry's entry point: learningRate is the chain's last transformation (constant or scheduled).
    internal static GradientTransformation RmsProp(
        GradientTransformation learningRate, double alpha, double eps, double weightDecay, double momentum, bool centered)
    {
        Arguments.NonNegativeFinite(weightDecay, nameof(weightDecay));
        Arguments.NonNegativeFinite(momentum, nameof(momentum));
        var parts = new List<GradientTransformation>(4);
        if (weightDecay != 0.0)
        {
            parts.Add(Transform.AddDecayedWeights(weightDecay));
        }

        parts.Add(Transform.ScaleByRms(alpha, eps, centered));
        if (momentum != 0.0)
        {
            // PyTorch's RMSprop buffer starts at zero and has no dampening: b ← μ b + u, which on the first
            // update equals u, exactly what the SGD momentum transform does.
            parts.Add(Transform.Momentum(momentum));
        }

        parts.Add(learningRate);
        return Transform.Chain([.. parts]);
    }

    // The registry's entry point: learningRate is the chain's last transformation (constant or scheduled).
    internal static GradientTransformation Adagrad(
        GradientTransformation learningRate, double weightDecay, double initialAccumulatorValue, double eps)
    {
        Arguments.NonNegativeFinite(weightDecay, nameof(weightDecay));
        var scaling = Transform.ScaleByRss(initialAccumulatorValue, eps);
        return weightDecay != 0.0
            ? Transform.Chain(Transform.AddDecayedWeights(weightDecay), scaling, learningRate)
            : Transform.Chain(scaling, learningRate);
    }
}
