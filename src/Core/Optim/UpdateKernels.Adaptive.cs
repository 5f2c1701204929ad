using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Functional.Core.Model;
using static Functional.Core.Optim.SubnormalArithmetic;

namespace Functional.Core.Optim;

/// <summary>
/// The kernel of <see cref="Transform.ScaleByAdam"/>: the moments live in arrays the kernel owns. The
/// update runs in SIMD lanes; each lane does the pure Update's operations in its order (no fused
/// multiply-add; IEEE division and square root are exact in vectors too), so results are bit-identical.
/// A block holding a subnormal moment or gradient (the first moment of a parameter whose gradient is
/// exactly zero decays through the subnormals) takes <see cref="SubnormalArithmetic"/> instead.
/// </summary>
internal sealed class AdamKernel(double beta1, double beta2, double eps, int count, double[] mu, double[] nu) : UpdateKernel
{
    private readonly double[] mu = mu;
    private readonly double[] nu = nu;
    private int count = count;

    internal static UpdateKernelFactory For(double beta1, double beta2, double eps) =>
        (state, parameters) => state is ScaleByAdamState s && UpdateKernels.Flatten(s.Mu, parameters) is { } m && UpdateKernels.Flatten(s.Nu, parameters) is { } v
            ? new AdamKernel(beta1, beta2, eps, s.Count, m, v)
            : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void UpdateInPlace(double[] updates, double[] parameters)
    {
        int t = checked(count + 1);
        double correction1 = 1.0 - Math.Pow(beta1, t);
        double correction2 = 1.0 - Math.Pow(beta2, t);
        double keep1 = 1.0 - beta1, keep2 = 1.0 - beta2;
        var b1 = new Vector<double>(beta1);
        var b2 = new Vector<double>(beta2);
        var k1 = new Vector<double>(keep1);
        var k2 = new Vector<double>(keep2);
        var c1 = new Vector<double>(correction1);
        var c2 = new Vector<double>(correction2);
        var e = new Vector<double>(eps);
        int lanes = Vector<double>.Count, i = 0;
        ref double g0 = ref MemoryMarshal.GetArrayDataReference(updates);
        ref double m0 = ref MemoryMarshal.GetArrayDataReference(mu);
        ref double v0 = ref MemoryMarshal.GetArrayDataReference(nu);
        for (; i + lanes <= updates.Length; i += lanes)
        {
            var g = Vector.LoadUnsafe(ref g0, (nuint)i);
            var m = Vector.LoadUnsafe(ref m0, (nuint)i);
            var v = Vector.LoadUnsafe(ref v0, (nuint)i);
            var tiny = Vector.BitwiseOr(Vector.BitwiseOr(TinyLanes(g), TinyLanes(m)), TinyLanes(v));
            if (tiny == Vector<long>.Zero)
            {
                m = b1 * m + k1 * g;
                v = b2 * v + k2 * g * g;
                m.StoreUnsafe(ref m0, (nuint)i);
                v.StoreUnsafe(ref v0, (nuint)i);
                (m / c1 / (Vector.SquareRoot(v / c2) + e)).StoreUnsafe(ref g0, (nuint)i);
                continue;
            }

            // Lanes with a subnormal input exactly in software; the others in the vector, with those lanes
            // zeroed so that no subnormal reaches the FPU.
            var zero = Vector<double>.Zero;
            g = Vector.ConditionalSelect(tiny, zero, g);
            m = b1 * Vector.ConditionalSelect(tiny, zero, m) + k1 * g;
            v = b2 * Vector.ConditionalSelect(tiny, zero, v) + k2 * g * g;
            var u = m / c1 / (Vector.SquareRoot(v / c2) + e);
            for (int j = i; j < i + lanes; j++)
            {
                if (IsTiny(updates[j]) || IsTiny(mu[j]) || IsTiny(nu[j]))
                {
                    Careful(updates, j, keep1, keep2, correction1, correction2);
                }
            }

            Vector.ConditionalSelect(tiny, Vector.LoadUnsafe(ref m0, (nuint)i), m).StoreUnsafe(ref m0, (nuint)i);
            Vector.ConditionalSelect(tiny, Vector.LoadUnsafe(ref v0, (nuint)i), v).StoreUnsafe(ref v0, (nuint)i);
            Vector.ConditionalSelect(tiny, Vector.LoadUnsafe(ref g0, (nuint)i), u).StoreUnsafe(ref g0, (nuint)i);
        }

        for (; i < updates.Length; i++)
        {
            double g = updates[i];
            if (IsTiny(g) || IsTiny(mu[i]) || IsTiny(nu[i]))
            {
                Careful(updates, i, keep1, keep2, correction1, correction2);
                continue;
            }

            double m = beta1 * mu[i] + keep1 * g;
            double v = beta2 * nu[i] + keep2 * g * g;
            mu[i] = m;
            nu[i] = v;
            updates[i] = m / correction1 / (Math.Sqrt(v / correction2) + eps);
        }

        count = t;
    }

    internal override TransformState ToState(Mlp template) =>
        new ScaleByAdamState(count, UpdateKernels.ToTree(mu, template), UpdateKernels.ToTree(nu, template));

    internal override void CopyFrom(UpdateKernel other)
    {
        var o = (AdamKernel)other;
        count = o.count;
        Array.Copy(o.mu, mu, mu.Length);
        Array.Copy(o.nu, nu, nu.Length);
    }

    // The same expressions as the pure Update, each operation through SubnormalArithmetic. A gradient of
    // exactly zero (the usual case: a dead unit) adds exactly nothing: x + (±0) = x for x ≠ 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Careful(double[] updates, int i, double keep1, double keep2, double correction1, double correction2)
    {
        double g = updates[i];
        double m, v;
        if (g == 0.0 && mu[i] != 0.0 && nu[i] >= Tiny)
        {
            m = Multiply(beta1, mu[i]);
            m = m != 0.0 ? m : m + keep1 * g;
            v = beta2 * nu[i] + keep2 * g * g;
        }
        else
        {
            m = Add(Multiply(beta1, mu[i]), Multiply(keep1, g));
            v = Add(Multiply(beta2, nu[i]), Multiply(Multiply(keep2, g), g));
        }

        mu[i] = m;
        nu[i] = v;
        updates[i] = Divide(Divide(m, correction1), Add(Math.Sqrt(Divide(v, correction2)), eps));
    }
}

/// <summary>The kernel of <see cref="Transform.ScaleByAmsgrad"/>.</summary>
internal sealed class AmsgradKernel(double beta1, double beta2, double eps, int count, double[] mu, double[] nu, double[] nuMax) : UpdateKernel
{
    private readonly double[] mu = mu;
    private readonly double[] nu = nu;
    private readonly double[] nuMax = nuMax;
    private int count = count;

    internal static UpdateKernelFactory For(double beta1, double beta2, double eps) =>
        (state, parameters) => state is ScaleByAmsgradState s
            && UpdateKernels.Flatten(s.Mu, parameters) is { } m && UpdateKernels.Flatten(s.Nu, parameters) is { } v && UpdateKernels.Flatten(s.NuMax, parameters) is { } w
            ? new AmsgradKernel(beta1, beta2, eps, s.Count, m, v, w)
            : null;

    internal override void UpdateInPlace(double[] updates, double[] parameters)
    {
        int t = checked(count + 1);
        double correction1 = 1.0 - Math.Pow(beta1, t);
        double correction2 = 1.0 - Math.Pow(beta2, t);
        double keep1 = 1.0 - beta1, keep2 = 1.0 - beta2;
        for (int i = 0; i < updates.Length; i++)
        {
            double g = updates[i];
            double m, v, vMax;
            if (IsTiny(g) || IsTiny(mu[i]) || IsTiny(nu[i]))
            {
                m = Add(Multiply(beta1, mu[i]), Multiply(keep1, g));
                v = Add(Multiply(beta2, nu[i]), Multiply(Multiply(keep2, g), g));
                vMax = Math.Max(nuMax[i], v);
                updates[i] = Divide(Divide(m, correction1), Add(Math.Sqrt(Divide(vMax, correction2)), eps));
            }
            else
            {
                m = beta1 * mu[i] + keep1 * g;
                v = beta2 * nu[i] + keep2 * g * g;
                vMax = Math.Max(nuMax[i], v);
                updates[i] = m / correction1 / (Math.Sqrt(vMax / correction2) + eps);
            }

            mu[i] = m;
            nu[i] = v;
            nuMax[i] = vMax;
        }

        count = t;
    }

    internal override TransformState ToState(Mlp template) =>
        new ScaleByAmsgradState(count, UpdateKernels.ToTree(mu, template), UpdateKernels.ToTree(nu, template), UpdateKernels.ToTree(nuMax, template));

    internal override void CopyFrom(UpdateKernel other)
    {
        var o = (AmsgradKernel)other;
        count = o.count;
        Array.Copy(o.mu, mu, mu.Length);
        Array.Copy(o.nu, nu, nu.Length);
        Array.Copy(o.nuMax, nuMax, nuMax.Length);
    }
}

/// <summary>The kernel of <see cref="Transform.ScaleByRms"/> (plain, or centred when <paramref name="mu"/> is given).</summary>
internal sealed class RmsKernel(double alpha, double eps, double[]? mu, double[] nu) : UpdateKernel
{
    private readonly double[]? mu = mu;
    private readonly double[] nu = nu;

    internal static UpdateKernelFactory Plain(double alpha, double eps) =>
        (state, parameters) => state is ScaleByRmsState s && UpdateKernels.Flatten(s.Nu, parameters) is { } v
            ? new RmsKernel(alpha, eps, null, v)
            : null;

    internal static UpdateKernelFactory Centered(double alpha, double eps) =>
        (state, parameters) => state is ScaleByCenteredRmsState s && UpdateKernels.Flatten(s.Mu, parameters) is { } a && UpdateKernels.Flatten(s.Nu, parameters) is { } v
            ? new RmsKernel(alpha, eps, a, v)
            : null;

    internal override void UpdateInPlace(double[] updates, double[] parameters)
    {
        double keep = 1.0 - alpha;
        for (int i = 0; i < updates.Length; i++)
        {
            double g = updates[i];
            bool tiny = IsTiny(g) || IsTiny(nu[i]) || (mu is not null && IsTiny(mu[i]));
            double v = tiny ? Add(Multiply(alpha, nu[i]), Multiply(Multiply(keep, g), g)) : alpha * nu[i] + keep * g * g;
            nu[i] = v;
            if (mu is null)
            {
                updates[i] = tiny ? Divide(g, Add(Math.Sqrt(v), eps)) : g / (Math.Sqrt(v) + eps);
                continue;
            }

            double average = tiny ? Add(Multiply(alpha, mu[i]), Multiply(keep, g)) : alpha * mu[i] + keep * g;
            mu[i] = average;
            updates[i] = tiny
                ? Divide(g, Add(Math.Sqrt(Add(v, -Multiply(average, average))), eps))
                : g / (Math.Sqrt(v - average * average) + eps);
        }
    }

    internal override TransformState ToState(Mlp template) => mu is null
        ? new ScaleByRmsState(UpdateKernels.ToTree(nu, template))
        : new ScaleByCenteredRmsState(UpdateKernels.ToTree(mu, template), UpdateKernels.ToTree(nu, template));

    internal override void CopyFrom(UpdateKernel other)
    {
        var o = (RmsKernel)other;
        Array.Copy(o.nu, nu, nu.Length);
        if (mu is not null)
        {
            Array.Copy(o.mu!, mu, mu.Length);
        }
    }
}

/// <summary>The kernel of <see cref="Transform.ScaleByRss"/> (Adagrad's accumulator, which only grows).</summary>
internal sealed class RssKernel(double eps, double[] sumOfSquares) : UpdateKernel
{
    private readonly double[] sumOfSquares = sumOfSquares;

    internal static UpdateKernelFactory For(double eps) =>
        (state, parameters) => state is ScaleByRssState s && UpdateKernels.Flatten(s.SumOfSquares, parameters) is { } sum
            ? new RssKernel(eps, sum)
            : null;

    internal override void UpdateInPlace(double[] updates, double[] parameters)
    {
        for (int i = 0; i < updates.Length; i++)
        {
            double g = updates[i];
            double total = sumOfSquares[i] + g * g;
            sumOfSquares[i] = total;
            updates[i] = g / (Math.Sqrt(total) + eps);
        }
    }

    internal override TransformState ToState(Mlp template) => new ScaleByRssState(UpdateKernels.ToTree(sumOfSquares, template));

    internal override void CopyFrom(UpdateKernel other) => Array.Copy(((RssKernel)other).sumOfSquares, sumOfSquares, sumOfSquares.Length);
}
