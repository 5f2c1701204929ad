using System.Diagnostics.Contracts;
using Functional.Core.Engine;
using Functional.Core.Model;

namespace Functional.Core.Optim;

/// <summary>The state of <see cref="Transform.ScaleByRss"/>.</summary>
/// <param name="SumOfSquares">The running sum of squared gradients, shaped like the parameters.</param>
public sealed record ScaleByRssState(ParameterTree SumOfSquares) : TransformState;

public static partial class Transform
{
    /// <summary>
    /// Adagrad's scaling (Duchi et al. 2011) as in PyTorch's <c>torch.optim.Adagrad</c> pseudocode,
    /// without the learning rate and its decay: sum ← sum + g², and the update is g / (√sum + ε). The sum
    /// starts at <paramref name="initialAccumulatorValue"/>. Throws when either argument is negative or
    /// not finite.
    /// </summary>
    /// <returns>A transformation with state <see cref="ScaleByRssState"/>.</returns>
    [Pure]
    public static GradientTransformation ScaleByRss(double initialAccumulatorValue = 0.0, double eps = 1e-10)
    {
        Arguments.NonNegativeFinite(initialAccumulatorValue, nameof(initialAccumulatorValue));
        Arguments.NonNegativeFinite(eps, nameof(eps));
        return new GradientTransformation(
            parameters =>
            {
                ArgumentNullException.ThrowIfNull(parameters);
                return new ScaleByRssState(ParameterStorage.Filled(parameters, initialAccumulatorValue));
            },
            (gradients, state, _) =>
            {
                var s = ParameterStorage.Expect<ScaleByRssState>(state, nameof(ScaleByRss));
                RequireShape(s.SumOfSquares, gradients, nameof(gradients));
                var g = ParameterStorage.Read(gradients);
                var s0 = ParameterStorage.Read(s.SumOfSquares);
                var (sum, s1) = ParameterStorage.Allocate(gradients);
                var (updates, u) = ParameterStorage.Allocate(gradients);
                for (int k = 0; k < g.Length; k++)
                {
                    double[] gk = g[k], s0k = s0[k], s1k = s1[k], uk = u[k];
                    for (int i = 0; i < gk.Length; i++)
                    {
                        double gi = gk[i];
                        double total = s0k[i] + gi * gi;
                        s1k[i] = total;
                        uk[i] = gi / (Math.Sqrt(total) + eps);
                    }
                }

                return (updates, new ScaleByRssState(sum));
            }).WithKernel("scale_by_rss", RssKernel.For(eps));
    }
}
