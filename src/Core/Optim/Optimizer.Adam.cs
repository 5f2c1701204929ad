using System.Diagnostics.Contracts;

namespace Functional.Core.Optim;

public static partial class Optimizer
{
    /// <summary>
    /// PyTorch's <c>torch.optim.Adam</c>, built from <see cref="OptimizerSpec.Adam"/> (see there for the
    /// update); a null hyperparameter takes its default.
    /// </summary>
    /// <param name="learningRate">γ, &gt; 0 and finite (default 1e-3).</param>
    /// <param name="beta1">β1 (default 0.9).</param>
    /// <param name="beta2">β2 (default 0.999).</param>
    /// <param name="eps">ε (default 1e-8).</param>
    /// <param name="weightDecay">λ, the coupled L2 penalty (default 0).</param>
    /// <param name="amsgrad">Whether to use AMSGrad (default false).</param>
    /// <returns>A chain: [weight decay], Adam or AMSGrad scaling, learning rate.</returns>
    [Pure]
    public static GradientTransformation Adam(
        double? learningRate = null, double? beta1 = null, double? beta2 = null, double? eps = null, double? weightDecay = null, bool amsgrad = false) =>
        new OptimizerSpec.Adam(weightDecay, beta1, beta2, eps, amsgrad) { LearningRate = learningRate }.Create();

    /// <summary>
    /// <see cref="Adam(double?, double?, double?, double?, double?, bool)"/> with the learning rate of update k
    /// given by <paramref name="learningRate"/>(k).
    /// </summary>
    [Pure]
    public static GradientTransformation Adam(
        Schedule learningRate, double? beta1 = null, double? beta2 = null, double? eps = null, double? weightDecay = null, bool amsgrad = false) =>
        new OptimizerSpec.Adam(weightDecay, beta1, beta2, eps, amsgrad).Create(learningRate);

    /// <summary>
    /// PyTorch's <c>torch.optim.AdamW</c>, built from <see cref="OptimizerSpec.AdamW"/> (see there for the
    /// update); a null hyperparameter takes its default.
    /// </summary>
    /// <param name="learningRate">γ, &gt; 0 and finite (default 1e-3).</param>
    /// <param name="beta1">β1 (default 0.9).</param>
    /// <param name="beta2">β2 (default 0.999).</param>
    /// <param name="eps">ε (default 1e-8).</param>
    /// <param name="weightDecay">λ, the decoupled decay (default 0.01).</param>
    /// <param name="amsgrad">Whether to use AMSGrad (default false).</param>
    /// <returns>A chain: Adam or AMSGrad scaling, [decoupled weight decay], learning rate.</returns>
    [Pure]
    public static GradientTransformation AdamW(
        double? learningRate = null, double? beta1 = null, double? beta2 = null, double? eps = null, double? weightDecay = null, bool amsgrad = false) =>
        new OptimizerSpec.AdamW(weightDecay, beta1, beta2, eps, amsgrad) { LearningRate = learningRate }.Create();

    /// <summary>
    /// <see cref="AdamW(double?, double?, double?, double?, double?, bool)"/> with the learning rate of update k
    /// given by <paramref name="learningRate"/>(k); the decay is scaled by the same rate, as in PyTorch.
    /// </summary>
    [Pure]
    public static GradientTransformation AdamW(
        Schedule learningRate, double? beta1 = null, double? beta2 = null, double? eps = null, double? weightDecay = null, bool amsgrad = false) =>
        new OptimizerSpec.AdamW(weightDecay, beta1, beta2, eps, amsgrad).Create(learningRate);
}
