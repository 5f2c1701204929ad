using System.Diagnostics.Contracts;
using Functional.Core.Engine;
using Functional.Core.Model;

namespace Functional.Core.Optim;

/// <summary>The state of <see cref="Transform.ScaleByAdam"/>.</summary>
/// <param name="Count">Updates done so far (t − 1 in PyTorch's pseudocode).</param>
/// <param name="Mu">First moment m, shaped like the parameters.</param>
/// <param name="Nu">Second moment v, shaped like the parameters.</param>
public sealed record ScaleByAdamState(int Count, ParameterTree Mu, ParameterTree Nu) : TransformState;

public static partial class Transform
{
    /// <summary>
    /// Adam's scaling (Kingma and Ba 2015) as in PyTorch's <c>torch.optim.Adam</c> pseudocode, without the
    /// learning rate: with t the 1-based step,
    /// m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g², m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t), and the
    /// update is m̂ / (√v̂ + ε). Moments start at zero. Throws when a beta is outside [0, 1) or eps is
    /// negative or not finite.
    /// </summary>
    /// <returns>A transformation with state <see cref="ScaleByAdamState"/>.</returns>
    [Pure]
    public static GradientTransformation ScaleByAdam(double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        Arguments.InUnitInterval(beta1, nameof(beta1));
        Arguments.InUnitInterval(beta2, nameof(beta2));
        Arguments.NonNegativeFinite(eps, nameof(eps));
        return new GradientTransformation(
            static parameters =>
            {
                ArgumentNullException.ThrowIfNull(parameters);
                return new ScaleByAdamState(0, ParameterStorage.Filled(parameters, 0.0), ParameterStorage.Filled(parameters, 0.0));
            },
            (gradients, state, _) =>
            {
                var s = ParameterStorage.Expect<ScaleByAdamState>(state, nameof(ScaleByAdam));
                RequireShape(s.Mu, gradients, nameof(gradients));
                RequireShape(gradients, s.Nu, nameof(state));
                int t = checked(s.Count + 1);
                double correction1 = 1.0 - Math.Pow(beta1, t);
                double correction2 = 1.0 - Math.Pow(beta2, t);
                var g = ParameterStorage.Read(gradients);
                var m0 = ParameterStorage.Read(s.Mu);
                var v0 = ParameterStorage.Read(s.Nu);
                var (mu, m1) = ParameterStorage.Allocate(gradients);
                var (nu, v1) = ParameterStorage.Allocate(gradients);
                var (updates, u) = ParameterStorage.Allocate(gradients);
                for (int k = 0; k < g.Length; k++)
                {
                    double[] gk = g[k], m0k = m0[k], v0k = v0[k], m1k = m1[k], v1k = v1[k], uk = u[k];
                    for (int i = 0; i < gk.Length; i++)
                    {
                        double gi = gk[i];
                        double m = beta1 * m0k[i] + (1.0 - beta1) * gi;
                        double v = beta2 * v0k[i] + (1.0 - beta2) * gi * gi;
                        m1k[i] = m;
                        v1k[i] = v;
                        uk[i] = m / correction1 / (Math.Sqrt(v / correction2) + eps);
                    }
                }

                return (updates, new ScaleByAdamState(t, mu, nu));
            }).WithKernel("scale_by_adam", AdamKernel.For(beta1, beta2, eps));
    }
}
