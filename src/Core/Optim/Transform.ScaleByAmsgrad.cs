using System.Diagnostics.Contracts;
using Functional.Core.Engine;
using Functional.Core.Model;

namespace Functional.Core.Optim;

/// <summary>The state of <see cref="Transform.ScaleByAmsgrad"/>.</summary>
/// <param name="Count">Updates done so far (t − 1 in PyTorch's pseudocode).</param>
/// <param name="Mu">First moment m, shaped like the parameters.</param>
/// <param name="Nu">Second moment v, shaped like the parameters.</param>
/// <param name="NuMax">Element-wise maximum of every v so far (v_max), shaped like the parameters.</param>
public sealed record ScaleByAmsgradState(int Count, ParameterTree Mu, ParameterTree Nu, ParameterTree NuMax) : TransformState;

public static partial class Transform
{
    /// <summary>
    /// AMSGrad's scaling (Reddi et al. 2018) as PyTorch implements <c>Adam(amsgrad=True)</c>, without the
    /// learning rate: m and v as in <see cref="ScaleByAdam"/>, v_max ← max(v_max, v) on the raw (not
    /// bias-corrected) v, and the update is m̂ / (√(v_max / (1 − β2^t)) + ε). Throws when a beta is
    /// outside [0, 1) or eps is negative or not finite.
    /// </summary>
    /// <returns>A transformation with state <see cref="ScaleByAmsgradState"/>.</returns>
    [Pure]
    public static GradientTransformation ScaleByAmsgrad(double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        Arguments.InUnitInterval(beta1, nameof(beta1));
        Arguments.InUnitInterval(beta2, nameof(beta2));
        Arguments.NonNegativeFinite(eps, nameof(eps));
        return new GradientTransformation(
            static parameters =>
            {
                ArgumentNullException.ThrowIfNull(parameters);
                return new ScaleByAmsgradState(
                    0, ParameterStorage.Filled(parameters, 0.0), ParameterStorage.Filled(parameters, 0.0), ParameterStorage.Filled(parameters, 0.0));
            },
            (gradients, state, _) =>
            {
                var s = ParameterStorage.Expect<ScaleByAmsgradState>(state, nameof(ScaleByAmsgrad));
                RequireShape(s.Mu, gradients, nameof(gradients));
                RequireShape(gradients, s.Nu, nameof(state));
                RequireShape(gradients, s.NuMax, nameof(state));
                int t = checked(s.Count + 1);
                double correction1 = 1.0 - Math.Pow(beta1, t);
                double correction2 = 1.0 - Math.Pow(beta2, t);
                var g = ParameterStorage.Read(gradients);
                var m0 = ParameterStorage.Read(s.Mu);
                var v0 = ParameterStorage.Read(s.Nu);
                var w0 = ParameterStorage.Read(s.NuMax);
                var (mu, m1) = ParameterStorage.Allocate(gradients);
                var (nu, v1) = ParameterStorage.Allocate(gradients);
                var (nuMax, w1) = ParameterStorage.Allocate(gradients);
                var (updates, u) = ParameterStorage.Allocate(gradients);
                for (int k = 0; k < g.Length; k++)
                {
                    double[] gk = g[k], m0k = m0[k], v0k = v0[k], w0k = w0[k], m1k = m1[k], v1k = v1[k], w1k = w1[k], uk = u[k];
                    for (int i = 0; i < gk.Length; i++)
                    {
                        double gi = gk[i];
                        double m = beta1 * m0k[i] + (1.0 - beta1) * gi;
                        double v = beta2 * v0k[i] + (1.0 - beta2) * gi * gi;
                        double vMax = Math.Max(w0k[i], v);
                        m1k[i] = m;
                        v1k[i] = v;
                        w1k[i] = vMax;
                        uk[i] = m / correction1 / (Math.Sqrt(vMax / correction2) + eps);
                    }
                }

                return (updates, new ScaleByAmsgradState(t, mu, nu, nuMax));
            }).WithKernel("scale_by_amsgrad", AmsgradKernel.For(beta1, beta2, eps));
    }
}
