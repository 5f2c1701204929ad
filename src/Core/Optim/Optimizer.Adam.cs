using System.Diagnostics.Contracts;

namespace Functional.Core.Optim;

public static partial class Optimizer
{
    /// <summary>
    /// PyTorch's <c>torch.optim.Adam</c>: g ← g + λθ (coupled L2, when λ ≠ 0), then
    /// θ ← θ − γ m̂ / (√v̂ + ε) with the moments of <see cref="Transform.ScaleByAdam"/>; with
    /// <paramref name="amsgrad"/> the denominator uses the running maximum of v
    /// (<see cref="Transform.ScaleByAmsgrad"/>).
    /// </summary>
    /// <param name="learningRate">γ, ≥ 0 (default 1e-3).</param>
    /// <param name="beta1">β1 (default 0.9).</param>
    /// <param name="beta2">β2 (default 0.999).</param>
    /// <param name="eps">ε (default 1e-8).</param>
    /// <param name="weightDecay">λ, the coupled L2 penalty (default 0).</param>
    /// <param name="amsgrad">Whether to use AMSGrad (default false).</param>
    /// <returns>A chain: [weight decay], Adam or AMSGrad scaling, learning rate.</returns>
    [Pure]
    public static GradientTransformation Adam(
        double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.0, bool amsgrad = false) =>
        Adam(Transform.ScaleByLearningRate(learningRate), beta1, beta2, eps, weightDecay, amsgrad);

    /// <summary>
    /// <see cref="Adam(double, double, double, double, double, bool)"/> with the learning rate of update k
    /// given by <paramref name="learningRate"/>(k).
    /// </summary>
    [Pure]
    public static GradientTransformation Adam(
        Schedule learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.0, bool amsgrad = false) =>
        Adam(Transform.ScaleByLearningRate(learningRate), beta1, beta2, eps, weightDecay, amsgrad);

    /// <summary>
    /// PyTorch's <c>torch.optim.AdamW</c> (Loshchilov and Hutter 2019): θ ← θ − γλθ (decoupled decay, from
    /// the current parameters), then the Adam step θ ← θ − γ m̂ / (√v̂ + ε) on the undecayed gradient.
    /// Composed as Optax does: Adam scaling, then + λθ, then −γ, so the update is −γ(m̂ / (√v̂ + ε) + λθ).
    /// </summary>
    /// <param name="learningRate">γ, ≥ 0 (default 1e-3).</param>
    /// <param name="beta1">β1 (default 0.9).</param>
    /// <param name="beta2">β2 (default 0.999).</param>
    /// <param name="eps">ε (default 1e-8).</param>
    /// <param name="weightDecay">λ, the decoupled decay (default 0.01).</param>
    /// <param name="amsgrad">Whether to use AMSGrad (default false).</param>
    /// <returns>A chain: Adam or AMSGrad scaling, [decoupled weight decay], learning rate.</returns>
    [Pure]
    public static GradientTransformation AdamW(
        double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01, bool amsgrad = false) =>
        AdamW(Transform.ScaleByLearningRate(learningRate), beta1, beta2, eps, weightDecay, amsgrad);

    /// <summary>
    /// <see cref="AdamW(double, double, double, double, double, bool)"/> with the learning rate of update k
    /// given by <paramref name="learningRate"/>(k); the decay is scaled by the same rate, as in PyTorch.
    /// </summary>
    [Pure]
    public static GradientTransformation AdamW(
        Schedule learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01, bool amsgrad = false) =>
        AdamW(Transform.ScaleByLearningRate(learningRate), beta1, beta2, eps, weightDecay, amsgrad);

    // The registry's entry point: learningRate is the chain's last transformation (constant or scheduled).
    internal static GradientTransformation Adam(
        GradientTransformation learningRate, double beta1, double beta2, double eps, double weightDecay, bool amsgrad)
    {
        Arguments.NonNegativeFinite(weightDecay, nameof(weightDecay));
        var scaling = AdamScaling(beta1, beta2, eps, amsgrad);
        return weightDecay != 0.0
            ? Transform.Chain(Transform.AddDecayedWeights(weightDecay), scaling, learningRate)
            : Transform.Chain(scaling, learningRate);
    }

    // The registry's entry point: learningRate is the chain's last transformation (constant or scheduled).
    internal static GradientTransformation AdamW(
        GradientTransformation learningRate, double beta1, double beta2, double eps, double weightDecay, bool amsgrad)
    {
        Arguments.NonNegativeFinite(weightDecay, nameof(weightDecay));
        var scaling = AdamScaling(beta1, beta2, eps, amsgrad);
        return weightDecay != 0.0
            ? Transform.Chain(scaling, Transform.AddDecayedWeights(weightDecay), learningRate)
            : Transform.Chain(scaling, learningRate);
    }

    private static GradientTransformation AdamScaling(double beta1, double beta2, double eps, bool amsgrad) =>
        amsgrad ? Transform.ScaleByAmsgrad(beta1, beta2, eps) : Transform.ScaleByAdam(beta1, beta2, eps);
}
