using System.Diagnostics.Contracts;
using Functional.Core.Engine;
using Functional.Core.Model;

namespace Functional.Core.Optim;

/// <summary>The state of <see cref="Transform.Momentum"/>.</summary>
/// <param name="Count">Updates done so far; the buffer is meaningful only when it is at least 1.</param>
/// <param name="Buffer">The momentum buffer b, shaped like the parameters (zero before the first update).</param>
public sealed record MomentumState(int Count, ParameterTree Buffer) : TransformState;

public static partial class Transform
{
    /// <summary>
    /// PyTorch's SGD momentum, without the learning rate: on the first update b ← g (no dampening), then
    /// b ← μ b + (1 − τ) g; the update is g + μ b with Nesterov momentum, b otherwise. RMSprop's momentum is
    /// the same with τ = 0 (its buffer starts at zero, so μ·0 + g = g on the first update too).
    /// Throws when μ or τ is negative or not finite, or when Nesterov is asked for with μ = 0 or τ ≠ 0
    /// (PyTorch's rule).
    /// </summary>
    /// <param name="momentum">μ, the momentum factor.</param>
    /// <param name="dampening">τ, the dampening of the gradient's contribution after the first update.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum.</param>
    /// <returns>A transformation with state <see cref="MomentumState"/>.</returns>
    [Pure]
    public static GradientTransformation Momentum(double momentum, double dampening = 0.0, bool nesterov = false)
    {
        Arguments.NonNegativeFinite(momentum, nameof(momentum));
        Arguments.NonNegativeFinite(dampening, nameof(dampening));
        if (nesterov && (momentum <= 0.0 || dampening != 0.0))
        {
            throw new ArgumentException(
                $"Nesterov momentum requires momentum > 0 and zero dampening, got momentum {Arguments.Format(momentum)} and dampening {Arguments.Format(dampening)}",
                nameof(nesterov));
        }

        return new GradientTransformation(
            static parameters =>
            {
                ArgumentNullException.ThrowIfNull(parameters);
                return new MomentumState(0, ParameterStorage.Filled(parameters, 0.0));
            },
            (gradients, state, _) =>
            {
                var s = ParameterStorage.Expect<MomentumState>(state, nameof(Momentum));
                RequireShape(s.Buffer, gradients, nameof(gradients));
                bool first = s.Count == 0;
                var g = ParameterStorage.Read(gradients);
                var b0 = ParameterStorage.Read(s.Buffer);
                var (buffer, b1) = ParameterStorage.Allocate(gradients);
                for (int k = 0; k < g.Length; k++)
                {
                    double[] gk = g[k], b0k = b0[k], b1k = b1[k];
                    if (first)
                    {
                        Array.Copy(gk, b1k, gk.Length);
                        continue;
                    }

                    for (int i = 0; i < gk.Length; i++)
                    {
                        b1k[i] = momentum * b0k[i] + (1.0 - dampening) * gk[i];
                    }
                }

                // The updates get their own storage even when they equal the buffer: a caller that writes into
                // the returned matrices (they are MathNet's, so it can) must not reach the state.
                var (updates, u) = ParameterStorage.Allocate(gradients);
                for (int k = 0; k < g.Length; k++)
                {
                    double[] gk = g[k], b1k = b1[k], uk = u[k];
                    if (!nesterov)
                    {
                        Array.Copy(b1k, uk, b1k.Length);
                        continue;
                    }

                    for (int i = 0; i < gk.Length; i++)
                    {
                        uk[i] = gk[i] + momentum * b1k[i];
                    }
                }

                return (updates, new MomentumState(checked(s.Count + 1), buffer));
            }).WithKernel(nesterov ? "nesterov_momentum" : "momentum", MomentumKernel.For(momentum, dampening, nesterov));
    }
}
