using System.Diagnostics.Contracts;
using Functional.Core.Engine;

namespace Functional.Core.Optim;

public static partial class Transform
{
    /// <summary>
    /// Clips by global norm as <c>torch.nn.utils.clip_grad_norm_</c> (norm type 2): with N the 2-norm of
    /// every gradient entry together, the updates are g · min(1, maxNorm / (N + 1e-6)). Gradients already
    /// within the norm (coefficient 1) are returned as they are. Stateless. Place it first in a chain, where
    /// PyTorch clips (before weight decay and the optimizer).
    /// </summary>
    /// <param name="maxNorm">The largest global norm let through; ≥ 0 and finite.</param>
    [Pure]
    public static GradientTransformation ClipByGlobalNorm(double maxNorm)
    {
        Arguments.NonNegativeFinite(maxNorm, nameof(maxNorm));
        return new GradientTransformation(
            static _ => EmptyState.Instance,
            (gradients, state, _) =>
            {
                ArgumentNullException.ThrowIfNull(gradients);
                double coefficient = maxNorm / (Optimizer.GlobalNorm(gradients) + 1e-6);
                // Math.Min keeps a NaN coefficient, as torch.clamp does for a non-finite norm.
                double clamped = Math.Min(coefficient, 1.0);
                return clamped == 1.0 ? (gradients, state) : (Multiply(gradients, clamped), state);
            }).WithKernel("clip_by_global_norm", ClipByGlobalNormKernel(maxNorm));
    }

    /// <summary>
    /// Clips every gradient entry to [−clipValue, clipValue] as <c>torch.nn.utils.clip_grad_value_</c>
    /// (NaN stays NaN). Stateless; returns a fresh tree.
    /// </summary>
    /// <param name="clipValue">The largest magnitude let through; ≥ 0 and finite.</param>
    [Pure]
    public static GradientTransformation ClipByValue(double clipValue)
    {
        Arguments.NonNegativeFinite(clipValue, nameof(clipValue));
        return new GradientTransformation(
            static _ => EmptyState.Instance,
            (gradients, state, _) =>
            {
                ArgumentNullException.ThrowIfNull(gradients);
                var g = ParameterStorage.Read(gradients);
                var (updates, u) = ParameterStorage.Allocate(gradients);
                for (int k = 0; k < g.Length; k++)
                {
                    double[] gk = g[k], uk = u[k];
                    for (int i = 0; i < gk.Length; i++)
                    {
                        uk[i] = Math.Clamp(gk[i], -clipValue, clipValue);
                    }
                }

                return (updates, state);
            }).WithKernel("clip_by_value", StatelessKernel.For((u, _) => UpdateKernels.ClipByValueInPlace(u, clipValue)));
    }

    // The norm is taken per segment (each W, each B) as GlobalNorm does, so the kernel needs the segment lengths.
    private static UpdateKernelFactory ClipByGlobalNormKernel(double maxNorm) =>
        (state, parameters) =>
        {
            int[] lengths = UpdateKernels.SegmentLengths(parameters);
            return new StatelessKernel(state, (u, _) => UpdateKernels.ClipByGlobalNormInPlace(u, lengths, maxNorm));
        };
}
