using System.Diagnostics.Contracts;
using Functional.Core.Engine;

namespace Functional.Core.Optim;

public static partial class Transform
{
    /// <summary>
    /// Adds <paramref name="weightDecay"/> · parameters to the updates. Stateless. Placed before a scaling
    /// transformation it is PyTorch's coupled L2 penalty (g ← g + λθ, as in SGD, Adam, RMSprop, Adagrad);
    /// placed after Adam's scaling and before the learning rate it is AdamW's decoupled decay
    /// (θ ← θ − γλθ), since the learning rate then multiplies both terms.
    /// </summary>
    /// <returns>A transformation whose updates are gradients + weightDecay · parameters (a fresh tree).</returns>
    [Pure]
    public static GradientTransformation AddDecayedWeights(double weightDecay)
    {
        Arguments.NonNegativeFinite(weightDecay, nameof(weightDecay));
        return new GradientTransformation(
            static _ => EmptyState.Instance,
            (gradients, state, parameters) =>
            {
                ArgumentNullException.ThrowIfNull(gradients);
                RequireShape(gradients, parameters, nameof(parameters));
                var g = ParameterStorage.Read(gradients);
                var p = ParameterStorage.Read(parameters);
                var (updates, u) = ParameterStorage.Allocate(gradients);
                for (int s = 0; s < g.Length; s++)
                {
                    double[] gs = g[s], ps = p[s], us = u[s];
                    for (int i = 0; i < gs.Length; i++)
                    {
                        us[i] = gs[i] + weightDecay * ps[i];
                    }
                }

                return (updates, state);
            }).WithKernel("add_decayed_weights", DecayKernel.For(weightDecay));
    }
}
