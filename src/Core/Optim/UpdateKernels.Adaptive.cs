using System.Numerics;
using System.Runtime.InteropServices;
using Functional.Core.Model;

namespace Functional.Core.Optim;

/// <summary>
/// The kernel of <see cref="Transform.ScaleByAdam"/>: the moments live in arrays the kernel owns. The
/// update runs in SIMD lanes; each lane does the pure Update's operations in its order (no fused
/// multiply-add; IEEE division and square root are exact in vectors too), so results are bit-identical.
/// </summary>
internal sealed class AdamKernel(double beta1, double beta2, double eps, int count, double[][] mu, double[][] nu) : UpdateKernel
{
    private int count = count;
    private readonly double[][] mu = mu;
    private readonly double[][] nu = nu;

    internal static UpdateKernelFactory For(double beta1, double beta2, double eps) =>
        (state, parameters) => state is ScaleByAdamState s && UpdateKernels.CopyOf(s.Mu, parameters) is { } m && UpdateKernels.CopyOf(s.Nu, parameters) is { } v
            ? new AdamKernel(beta1, beta2, eps, s.Count, m, v)
            : null;

    internal override void UpdateInPlace(double[][] updates, double[][] parameters)
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
        int lanes = Vector<double>.Count;
        for (int s = 0; s < updates.Length; s++)
        {
            double[] g = updates[s], m = mu[s], v = nu[s];
            ref double g0 = ref MemoryMarshal.GetArrayDataReference(g);
            ref double m0 = ref MemoryMarshal.GetArrayDataReference(m);
            ref double v0 = ref MemoryMarshal.GetArrayDataReference(v);
            int i = 0;
            for (; i + lanes <= g.Length; i += lanes)
            {
                var gi = Vector.LoadUnsafe(ref g0, (nuint)i);
                var mi = b1 * Vector.LoadUnsafe(ref m0, (nuint)i) + k1 * gi;
                var vi = b2 * Vector.LoadUnsafe(ref v0, (nuint)i) + k2 * gi * gi;
                mi.StoreUnsafe(ref m0, (nuint)i);
                vi.StoreUnsafe(ref v0, (nuint)i);
                (mi / c1 / (Vector.SquareRoot(vi / c2) + e)).StoreUnsafe(ref g0, (nuint)i);
            }

            for (; i < g.Length; i++)
            {
                double gi = g[i];
                double mi = beta1 * m[i] + keep1 * gi;
                double vi = beta2 * v[i] + keep2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                g[i] = mi / correction1 / (Math.Sqrt(vi / correction2) + eps);
            }
        }

        count = t;
    }

    internal override TransformState ToState(Mlp template) =>
        new ScaleByAdamState(count, UpdateKernels.ToTree(mu, template), UpdateKernels.ToTree(nu, template));

    internal override void CopyFrom(UpdateKernel other)
    {
        var o = (AdamKernel)other;
        count = o.count;
        UpdateKernels.CopyInPlace(o.mu, mu);
        UpdateKernels.CopyInPlace(o.nu, nu);
    }
}

/// <summary>The kernel of <see cref="Transform.ScaleByAmsgrad"/>.</summary>
internal sealed class AmsgradKernel(double beta1, double beta2, double eps, int count, double[][] mu, double[][] nu, double[][] nuMax) : UpdateKernel
{
    private int count = count;
    private readonly double[][] mu = mu;
    private readonly double[][] nu = nu;
    private readonly double[][] nuMax = nuMax;

    internal static UpdateKernelFactory For(double beta1, double beta2, double eps) =>
        (state, parameters) => state is ScaleByAmsgradState s
            && UpdateKernels.CopyOf(s.Mu, parameters) is { } m && UpdateKernels.CopyOf(s.Nu, parameters) is { } v && UpdateKernels.CopyOf(s.NuMax, parameters) is { } w
            ? new AmsgradKernel(beta1, beta2, eps, s.Count, m, v, w)
            : null;

    internal override void UpdateInPlace(double[][] updates, double[][] parameters)
    {
        int t = checked(count + 1);
        double correction1 = 1.0 - Math.Pow(beta1, t);
        double correction2 = 1.0 - Math.Pow(beta2, t);
        for (int s = 0; s < updates.Length; s++)
        {
            double[] g = updates[s], m = mu[s], v = nu[s], w = nuMax[s];
            for (int i = 0; i < g.Length; i++)
            {
                double gi = g[i];
                double mi = beta1 * m[i] + (1.0 - beta1) * gi;
                double vi = beta2 * v[i] + (1.0 - beta2) * gi * gi;
                double vMax = Math.Max(w[i], vi);
                m[i] = mi;
                v[i] = vi;
                w[i] = vMax;
                g[i] = mi / correction1 / (Math.Sqrt(vMax / correction2) + eps);
            }
        }

        count = t;
    }

    internal override TransformState ToState(Mlp template) =>
        new ScaleByAmsgradState(count, UpdateKernels.ToTree(mu, template), UpdateKernels.ToTree(nu, template), UpdateKernels.ToTree(nuMax, template));

    internal override void CopyFrom(UpdateKernel other)
    {
        var o = (AmsgradKernel)other;
        count = o.count;
        UpdateKernels.CopyInPlace(o.mu, mu);
        UpdateKernels.CopyInPlace(o.nu, nu);
        UpdateKernels.CopyInPlace(o.nuMax, nuMax);
    }
}

/// <summary>The kernel of <see cref="Transform.ScaleByRms"/> (plain, or centred when <paramref name="mu"/> is given).</summary>
internal sealed class RmsKernel(double alpha, double eps, double[][]? mu, double[][] nu) : UpdateKernel
{
    private readonly double[][]? mu = mu;
    private readonly double[][] nu = nu;

    internal static UpdateKernelFactory Plain(double alpha, double eps) =>
        (state, parameters) => state is ScaleByRmsState s && UpdateKernels.CopyOf(s.Nu, parameters) is { } v
            ? new RmsKernel(alpha, eps, null, v)
            : null;

    internal static UpdateKernelFactory Centered(double alpha, double eps) =>
        (state, parameters) => state is ScaleByCenteredRmsState s && UpdateKernels.CopyOf(s.Mu, parameters) is { } a && UpdateKernels.CopyOf(s.Nu, parameters) is { } v
            ? new RmsKernel(alpha, eps, a, v)
            : null;

    internal override void UpdateInPlace(double[][] updates, double[][] parameters)
    {
        for (int s = 0; s < updates.Length; s++)
        {
            double[] g = updates[s], v = nu[s];
            if (mu is null)
            {
                for (int i = 0; i < g.Length; i++)
                {
                    double gi = g[i];
                    double vi = alpha * v[i] + (1.0 - alpha) * gi * gi;
                    v[i] = vi;
                    g[i] = gi / (Math.Sqrt(vi) + eps);
                }
            }
            else
            {
                double[] a = mu[s];
                for (int i = 0; i < g.Length; i++)
                {
                    double gi = g[i];
                    double vi = alpha * v[i] + (1.0 - alpha) * gi * gi;
                    double average = alpha * a[i] + (1.0 - alpha) * gi;
                    v[i] = vi;
                    a[i] = average;
                    g[i] = gi / (Math.Sqrt(vi - average * average) + eps);
                }
            }
        }
    }

    internal override TransformState ToState(Mlp template) => mu is null
        ? new ScaleByRmsState(UpdateKernels.ToTree(nu, template))
        : new ScaleByCenteredRmsState(UpdateKernels.ToTree(mu, template), UpdateKernels.ToTree(nu, template));

    internal override void CopyFrom(UpdateKernel other)
    {
        var o = (RmsKernel)other;
        UpdateKernels.CopyInPlace(o.nu, nu);
        if (mu is not null)
        {
            UpdateKernels.CopyInPlace(o.mu!, mu);
        }
    }
}

/// <summary>The kernel of <see cref="Transform.ScaleByRss"/> (Adagrad's accumulator).</summary>
internal sealed class RssKernel(double eps, double[][] sumOfSquares) : UpdateKernel
{
    private readonly double[][] sumOfSquares = sumOfSquares;

    internal static UpdateKernelFactory For(double eps) =>
        (state, parameters) => state is ScaleByRssState s && UpdateKernels.CopyOf(s.SumOfSquares, parameters) is { } sum
            ? new RssKernel(eps, sum)
            : null;

    internal override void UpdateInPlace(double[][] updates, double[][] parameters)
    {
        for (int s = 0; s < updates.Length; s++)
        {
            double[] g = updates[s], sum = sumOfSquares[s];
            for (int i = 0; i < g.Length; i++)
            {
                double gi = g[i];
                double total = sum[i] + gi * gi;
                sum[i] = total;
                g[i] = gi / (Math.Sqrt(total) + eps);
            }
        }
    }

    internal override TransformState ToState(Mlp template) => new ScaleByRssState(UpdateKernels.ToTree(sumOfSquares, template));

    internal override void CopyFrom(UpdateKernel other) => UpdateKernels.CopyInPlace(((RssKernel)other).sumOfSquares, sumOfSquares);
}
