using System.Diagnostics.Contracts;

namespace Functional.Core.Optim;

public static partial class Optimizer
{
    /// <summary>
    /// PyTorch's <c>torch.optim.RMSprop</c>, built from <see cref="OptimizerSpec.RmsProp"/> (see there for the
    /// update); a null hyperparameter takes its default.
    /// </summary>
    /// <param name="learningRate">γ, &gt; 0 and finite (default 0.01).</param>
    /// <param name="alpha">α, the smoothing constant (default 0.99).</param>
    /// <param name="eps">ε (default 1e-8).</param>
    /// <param name="weightDecay">λ, the coupled L2 penalty (default 0).</param>
    /// <param name="momentum">μ (default 0).</param>
    /// <param name="centered">Whether to centre the second moment (default false).</param>
    /// <returns>A chain: [weight decay], RMS scaling, [momentum], learning rate.</returns>
    [Pure]
    public static GradientTransformation RmsProp(
        double? learningRate = null, double? alpha = null, double? eps = null, double? weightDecay = null, double? momentum = null, bool centered = false) =>
        new OptimizerSpec.RmsProp(momentum, weightDecay, eps, alpha, centered) { LearningRate = learningRate }.Create();

    /// <summary>
    /// <see cref="RmsProp(double?, double?, double?, double?, double?, bool)"/> with the learning rate of
    /// update k given by <paramref name="learningRate"/>(k) (applied after the momentum buffer, as PyTorch).
    /// </summary>
    [Pure]
    public static GradientTransformation RmsProp(
        Schedule learningRate, double? alpha = null, double? eps = null, double? weightDecay = null, double? momentum = null, bool centered = false) =>
        new OptimizerSpec.RmsProp(momentum, weightDecay, eps, alpha, centered).Create(learningRate);

    /// <summary>
    /// PyTorch's <c>torch.optim.Adagrad</c>, built from <see cref="OptimizerSpec.Adagrad"/> (see there for the
    /// update); a null hyperparameter takes its default.
    /// </summary>
    /// <param name="learningRate">γ, &gt; 0 and finite (default 0.01).</param>
    /// <param name="learningRateDecay">η (default 0).</param>
    /// <param name="weightDecay">λ, the coupled L2 penalty (default 0).</param>
    /// <param name="initialAccumulatorValue">The starting sum of squares (default 0).</param>
    /// <param name="eps">ε (default 1e-10).</param>
    /// <returns>A chain: [weight decay], RSS scaling, learning rate (scheduled when η ≠ 0).</returns>
    [Pure]
    public static GradientTransformation Adagrad(
        double? learningRate = null, double? learningRateDecay = null, double? weightDecay = null, double? initialAccumulatorValue = null, double? eps = null) =>
        new OptimizerSpec.Adagrad(weightDecay, eps, learningRateDecay, initialAccumulatorValue) { LearningRate = learningRate }.Create();

    /// <summary>
    /// <see cref="Adagrad(double?, double?, double?, double?, double?)"/> with base learning rate
    /// <paramref name="learningRate"/>(k) at update k, still divided by 1 + k η.
    /// </summary>
    [Pure]
    public static GradientTransformation Adagrad(
        Schedule learningRate, double? learningRateDecay = null, double? weightDecay = null, double? initialAccumulatorValue = null, double? eps = null) =>
        new OptimizerSpec.Adagrad(weightDecay, eps, learningRateDecay, initialAccumulatorValue).Create(learningRate);
}
