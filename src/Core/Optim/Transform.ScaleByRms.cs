using System.Diagnostics.Contracts;
using Functional.Core.Engine;
using Functional.Core.Model;

namespace Functional.Core.Optim;

/// <summary>The state of <see cref="Transform.ScaleByRms"/> when not centred.</summary>
/// <param name="Nu">The running average of squared gradients v, shaped like the parameters.</param>
public sealed record ScaleByRmsState(ParameterTree Nu) : TransformState;

/// <summary>The state of <see cref="Transform.ScaleByRms"/> when centred.</summary>
/// <param name="Mu">The running average of gradients g_ave, shaped like the parameters.</param>
/// <param name="Nu">The running average of squared gradients v, shaped like the parameters.</param>
public sealed record ScaleByCenteredRmsState(ParameterTree Mu, ParameterTree Nu) : TransformState;

public static partial class Transform
{
    /// <summary>
    /// RMSprop's scaling (Hinton 2012; centred: Graves 2013) as in PyTorch's <c>torch.optim.RMSprop</c>
    /// pseudocode, without momentum and learning rate: v ← α v + (1 − α) g²; when centred,
    /// g_ave ← α g_ave + (1 − α) g and ṽ = v − g_ave², else ṽ = v; the update is g / (√ṽ + ε).
    /// Averages start at zero. Throws when α is outside [0, 1] or eps is negative or not finite.
    /// </summary>
    /// <returns>A transformation with state <see cref="ScaleByRmsState"/>, or <see cref="ScaleByCenteredRmsState"/> when centred.</returns>
    [Pure]
    public static GradientTransformation ScaleByRms(double alpha = 0.99, double eps = 1e-8, bool centered = false)
    {
        if (!(alpha >= 0.0 && alpha <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"alpha must be in [0, 1], got {Arguments.Format(alpha)}");
        }

        Arguments.NonNegativeFinite(eps, nameof(eps));
        return centered ? CenteredRms(alpha, eps) : PlainRms(alpha, eps);
    }

    private static GradientTransformation PlainRms(double alpha, double eps) => new GradientTransformation(
        static parameters =>
        {
            ArgumentNullException.ThrowIfNull(parameters);
            return new ScaleByRmsState(ParameterStorage.Filled(parameters, 0.0));
        },
        (gradients, state, _) =>
        {
            var s = ParameterStorage.Expect<ScaleByRmsState>(state, nameof(ScaleByRms));
            RequireShape(s.Nu, gradients, nameof(gradients));
            var g = ParameterStorage.Read(gradients);
            var v0 = ParameterStorage.Read(s.Nu);
            var (nu, v1) = ParameterStorage.Allocate(gradients);
            var (updates, u) = ParameterStorage.Allocate(gradients);
            for (int k = 0; k < g.Length; k++)
            {
                double[] gk = g[k], v0k = v0[k], v1k = v1[k], uk = u[k];
                for (int i = 0; i < gk.Length; i++)
                {
                    double gi = gk[i];
                    double v = alpha * v0k[i] + (1.0 - alpha) * gi * gi;
                    v1k[i] = v;
                    uk[i] = gi / (Math.Sqrt(v) + eps);
                }
            }

            return (updates, new ScaleByRmsState(nu));
        }).WithKernel("scale_by_rms", RmsKernel.Plain(alpha, eps));

    private static GradientTransformation CenteredRms(double alpha, double eps) => new GradientTransformation(
        static parameters =>
        {
            ArgumentNullException.ThrowIfNull(parameters);
            return new ScaleByCenteredRmsState(ParameterStorage.Filled(parameters, 0.0), ParameterStorage.Filled(parameters, 0.0));
        },
        (gradients, state, _) =>
        {
            var s = ParameterStorage.Expect<ScaleByCenteredRmsState>(state, nameof(ScaleByRms));
            RequireShape(s.Mu, gradients, nameof(gradients));
            RequireShape(gradients, s.Nu, nameof(state));
            var g = ParameterStorage.Read(gradients);
            var a0 = ParameterStorage.Read(s.Mu);
            var v0 = ParameterStorage.Read(s.Nu);
            var (mu, a1) = ParameterStorage.Allocate(gradients);
            var (nu, v1) = ParameterStorage.Allocate(gradients);
            var (updates, u) = ParameterStorage.Allocate(gradients);
            for (int k = 0; k < g.Length; k++)
            {
                double[] gk = g[k], a0k = a0[k], v0k = v0[k], a1k = a1[k], v1k = v1[k], uk = u[k];
                for (int i = 0; i < gk.Length; i++)
                {
                    double gi = gk[i];
                    double v = alpha * v0k[i] + (1.0 - alpha) * gi * gi;
                    double average = alpha * a0k[i] + (1.0 - alpha) * gi;
                    v1k[i] = v;
                    a1k[i] = average;
                    uk[i] = gi / (Math.Sqrt(v - average * average) + eps);
                }
            }

            return (updates, new ScaleByCenteredRmsState(mu, nu));
        }).WithKernel("scale_by_centered_rms", RmsKernel.Centered(alpha, eps));
}
