using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Functional.Core.Model;
using Functional.Core.Optim;
using static Functional.Core.Engine.SubnormalArithmetic;

namespace Functional.Core.Engine;

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
        bool unbiased1 = correction1 == 1.0, unbiased2 = correction2 == 1.0;
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
                // PERF: once β^t is below half an ulp of 1 the bias correction is exactly 1, and x / 1 = x
                // exactly, so the division (the costliest operation here) can be skipped bit-identically.
                var corrected = unbiased1 ? m : m / c1;
                var scale = unbiased2 ? Vector.SquareRoot(v) : Vector.SquareRoot(v / c2);
                (corrected / (scale + e)).StoreUnsafe(ref g0, (nuint)i);
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
                if (tiny[j - i] != 0)
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

    /// <summary>
    /// Adam (or AdamW, with <paramref name="decay"/>) in one pass: Adam's scaling, then + decay · θ, then ×
    /// the rate's factor, then added to the parameters; every operation as the chained kernels do it, so
    /// parameters and moments come out bit for bit the same.
    /// <para>
    /// PERF: a parameter whose gradient is exactly zero and whose first moment has decayed into the
    /// subnormals (a dead unit: under round-to-nearest 0.9·m stops shrinking at a few units of 2^-1074,
    /// so such moments stay subnormal for the rest of the run) has an update far below half an ulp of the
    /// parameter, which therefore does not change. When the bounds below prove that, the update itself is
    /// not computed; otherwise it is, exactly.
    /// </para>
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void StepInPlace(double[] gradients, double[] parameters, double? decay, IFactorKernel rate)
    {
        int t = checked(count + 1);
        double factor = rate.NextFactorInPlace();
        double correction1 = 1.0 - Math.Pow(beta1, t);
        double correction2 = 1.0 - Math.Pow(beta2, t);
        double keep1 = 1.0 - beta1, keep2 = 1.0 - beta2;
        bool decays = decay.HasValue;
        double weightDecay = decay.GetValueOrDefault();
        bool unbiased1 = correction1 == 1.0, unbiased2 = correction2 == 1.0;
        var b1 = new Vector<double>(beta1);
        var b2 = new Vector<double>(beta2);
        var k1 = new Vector<double>(keep1);
        var k2 = new Vector<double>(keep2);
        var c1 = new Vector<double>(correction1);
        var c2 = new Vector<double>(correction2);
        var e = new Vector<double>(eps);
        var wd = new Vector<double>(weightDecay);
        var f = new Vector<double>(factor);
        int lanes = Vector<double>.Count, i = 0;
        ref double g0 = ref MemoryMarshal.GetArrayDataReference(gradients);
        ref double m0 = ref MemoryMarshal.GetArrayDataReference(mu);
        ref double v0 = ref MemoryMarshal.GetArrayDataReference(nu);
        ref double p0 = ref MemoryMarshal.GetArrayDataReference(parameters);
        for (; i + lanes <= gradients.Length; i += lanes)
        {
            var g = Vector.LoadUnsafe(ref g0, (nuint)i);
            var m = Vector.LoadUnsafe(ref m0, (nuint)i);
            var v = Vector.LoadUnsafe(ref v0, (nuint)i);
            var p = Vector.LoadUnsafe(ref p0, (nuint)i);
            var tiny = Vector.BitwiseOr(Vector.BitwiseOr(TinyLanes(g), TinyLanes(m)), Vector.BitwiseOr(TinyLanes(v), TinyLanes(p)));
            if (tiny != Vector<long>.Zero)
            {
                // Lanes with a subnormal or tiny input one by one; the others in the vector with those lanes zeroed.
                var zero = Vector<double>.Zero;
                g = Vector.ConditionalSelect(tiny, zero, g);
                m = Vector.ConditionalSelect(tiny, zero, m);
                v = Vector.ConditionalSelect(tiny, zero, v);
                p = Vector.ConditionalSelect(tiny, zero, p);
                for (int j = i; j < i + lanes; j++)
                {
                    if (tiny[j - i] != 0)
                    {
                        CarefulStep(gradients, parameters, j, keep1, keep2, correction1, correction2, decays, weightDecay, factor);
                    }
                }
            }

            m = b1 * m + k1 * g;
            v = b2 * v + k2 * g * g;
            var u = (unbiased1 ? m : m / c1) / ((unbiased2 ? Vector.SquareRoot(v) : Vector.SquareRoot(v / c2)) + e);
            if (decays)
            {
                u += wd * p;
            }

            p += f * u;
            if (tiny == Vector<long>.Zero)
            {
                m.StoreUnsafe(ref m0, (nuint)i);
                v.StoreUnsafe(ref v0, (nuint)i);
                p.StoreUnsafe(ref p0, (nuint)i);
            }
            else
            {
                Vector.ConditionalSelect(tiny, Vector.LoadUnsafe(ref m0, (nuint)i), m).StoreUnsafe(ref m0, (nuint)i);
                Vector.ConditionalSelect(tiny, Vector.LoadUnsafe(ref v0, (nuint)i), v).StoreUnsafe(ref v0, (nuint)i);
                Vector.ConditionalSelect(tiny, Vector.LoadUnsafe(ref p0, (nuint)i), p).StoreUnsafe(ref p0, (nuint)i);
            }
        }

        for (; i < gradients.Length; i++)
        {
            double g = gradients[i], theta = parameters[i];
            if (IsTiny(g) || IsTiny(mu[i]) || IsTiny(nu[i]) || IsTiny(theta))
            {
                CarefulStep(gradients, parameters, i, keep1, keep2, correction1, correction2, decays, weightDecay, factor);
                continue;
            }

            double m = beta1 * mu[i] + keep1 * g;
            double v = beta2 * nu[i] + keep2 * g * g;
            mu[i] = m;
            nu[i] = v;
            double u = m / correction1 / (Math.Sqrt(v / correction2) + eps);
            if (decays)
            {
                u = u + weightDecay * theta;
            }

            parameters[i] = theta + factor * u;
        }

        count = t;
    }

    internal override TransformState ToState(ParameterTree template) =>
        new ScaleByAdamState(count, UpdateKernels.ToTree(mu, template), UpdateKernels.ToTree(nu, template));

    internal override void CopyStateInPlace(UpdateKernel other)
    {
        var o = (AdamKernel)other;
        count = o.count;
        Array.Copy(o.mu, mu, mu.Length);
        Array.Copy(o.nu, nu, nu.Length);
    }

    // One element of StepInPlace, exactly: the moments as Careful computes them, then the update, the decay,
    // the rate and the sum with the parameter, each through SubnormalArithmetic, unless the update provably
    // leaves the parameter unchanged. The bounds: with m subnormal (|m| < 2^-1022), c1·D ≥ 2^-200 and
    // |factor| ≤ 2^100, |u| < 2^-821 and |factor·u| < 2^-720; against |θ| ≥ 2^-600, whose half ulp is at
    // least 2^-654, θ + factor·u = θ. With decay, u + λθ = λθ when |λθ| ≥ 2^-700 (half an ulp ≥ 2^-754 > |u|).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CarefulStep(double[] gradients, double[] parameters, int i, double keep1, double keep2, double correction1, double correction2, bool decays, double weightDecay, double factor)
    {
        double g = gradients[i], m0 = mu[i], theta = parameters[i];
        double m, v;
        if (g == 0.0 && m0 != 0.0 && nu[i] >= Tiny)
        {
            m = IsSubnormal(m0) && IsModerate(beta1) ? MultiplySubnormal(beta1, m0) : Multiply(beta1, m0);
            m = m != 0.0 ? m : m + keep1 * g;
            v = beta2 * nu[i] + keep2 * g * g;
            double denominator = Math.Sqrt(v / correction2) + eps;
            mu[i] = m;
            nu[i] = v;
            if (IsSubnormal(m) && correction1 * denominator >= 6.2230152778611417E-61 && Math.Abs(factor) <= 1.2676506002282294E+30)
            {
                if (!decays && Math.Abs(theta) >= 2.4099198651028841E-181)
                {
                    return; // θ + factor·u = θ
                }

                double decayed = weightDecay * theta;
                if (decays && Math.Abs(decayed) >= 1.90109156629516E-211 && Math.Abs(factor) >= 7.8886090522101181E-31)
                {
                    parameters[i] = theta + factor * decayed; // u + λθ = λθ; the rest is normal arithmetic
                    return;
                }
            }

            double corrected = correction1 == 1.0 ? m : Divide(m, correction1);
            double u0 = IsSubnormal(corrected) && IsModerate(denominator) ? DivideSubnormal(corrected, denominator) : Divide(corrected, denominator);
            Finish(parameters, i, u0, theta, decays, weightDecay, factor);
            return;
        }

        m = Add(Multiply(beta1, m0), Multiply(keep1, g));
        v = Add(Multiply(beta2, nu[i]), Multiply(Multiply(keep2, g), g));
        mu[i] = m;
        nu[i] = v;
        Finish(parameters, i, Divide(Divide(m, correction1), Add(Math.Sqrt(Divide(v, correction2)), eps)), theta, decays, weightDecay, factor);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(double[] parameters, int i, double u, double theta, bool decays, double weightDecay, double factor)
    {
        if (decays)
        {
            u = Add(u, Multiply(weightDecay, theta));
        }

        parameters[i] = Add(theta, Multiply(factor, u));
    }

    // The same expressions as the pure Update, each operation through SubnormalArithmetic. A gradient of
    // exactly zero (the usual case: a dead unit) adds exactly nothing: x + (±0) = x for x ≠ 0; and with a
    // normal second moment the denominator is computed in hardware without any subnormal in sight.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Careful(double[] updates, int i, double keep1, double keep2, double correction1, double correction2)
    {
        double g = updates[i], m0 = mu[i];
        if (g == 0.0 && m0 != 0.0 && nu[i] >= Tiny)
        {
            double m = IsSubnormal(m0) && IsModerate(beta1) ? MultiplySubnormal(beta1, m0) : Multiply(beta1, m0);
            m = m != 0.0 ? m : m + keep1 * g;
            double v = beta2 * nu[i] + keep2 * g * g;
            double corrected = correction1 == 1.0 ? m : Divide(m, correction1);
            double denominator = Math.Sqrt(v / correction2) + eps;
            mu[i] = m;
            nu[i] = v;
            updates[i] = IsSubnormal(corrected) && IsModerate(denominator) ? DivideSubnormal(corrected, denominator) : Divide(corrected, denominator);
            return;
        }

        double mg = Add(Multiply(beta1, m0), Multiply(keep1, g));
        double vg = Add(Multiply(beta2, nu[i]), Multiply(Multiply(keep2, g), g));
        mu[i] = mg;
        nu[i] = vg;
        updates[i] = Divide(Divide(mg, correction1), Add(Math.Sqrt(Divide(vg, correction2)), eps));
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

    internal override TransformState ToState(ParameterTree template) =>
        new ScaleByAmsgradState(count, UpdateKernels.ToTree(mu, template), UpdateKernels.ToTree(nu, template), UpdateKernels.ToTree(nuMax, template));

    internal override void CopyStateInPlace(UpdateKernel other)
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

    internal override TransformState ToState(ParameterTree template) => mu is null
        ? new ScaleByRmsState(UpdateKernels.ToTree(nu, template))
        : new ScaleByCenteredRmsState(UpdateKernels.ToTree(mu, template), UpdateKernels.ToTree(nu, template));

    internal override void CopyStateInPlace(UpdateKernel other)
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

    internal override TransformState ToState(ParameterTree template) => new ScaleByRssState(UpdateKernels.ToTree(sumOfSquares, template));

    internal override void CopyStateInPlace(UpdateKernel other) => Array.Copy(((RssKernel)other).sumOfSquares, sumOfSquares, sumOfSquares.Length);
}
