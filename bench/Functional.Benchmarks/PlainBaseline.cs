using Functional.Core.Data;

namespace Functional.Benchmarks;

/// <summary>
/// The speed reference: the same training step (dense ReLU chain, MSE, Adam) written the plain way, with
/// scalar loops over preallocated arrays and no allocation at all. It is not part of the library, shares
/// none of its code but the shuffle, and is not bit-identical to it (its sums run in a different order).
/// </summary>
internal sealed class PlainBaseline
{
    private readonly int[] widths;
    private readonly double[][] w;   // per layer, row-major (out, in)
    private readonly double[][] b;
    private readonly double[][] gw;
    private readonly double[][] gb;
    private readonly double[][] mw, vw, mb, vb;
    private readonly double[][] a;   // per level, row-major (batch, width)
    private readonly double[][] z;
    private readonly double[][] delta;
    private readonly double lr, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    private int t;

    public PlainBaseline(int[] widths, int batch, double learningRate, int seed = 42)
    {
        this.widths = widths;
        lr = learningRate;
        int layers = widths.Length - 1;
        var rng = new Random(seed);
        w = new double[layers][]; b = new double[layers][]; gw = new double[layers][]; gb = new double[layers][];
        mw = new double[layers][]; vw = new double[layers][]; mb = new double[layers][]; vb = new double[layers][];
        a = new double[layers + 1][]; z = new double[layers + 1][]; delta = new double[layers + 1][];
        a[0] = new double[batch * widths[0]];
        for (int l = 0; l < layers; l++)
        {
            int inW = widths[l], outW = widths[l + 1];
            double bound = 1.0 / Math.Sqrt(inW);
            w[l] = Enumerable.Range(0, inW * outW).Select(_ => (rng.NextDouble() * 2 - 1) * bound).ToArray();
            b[l] = Enumerable.Range(0, outW).Select(_ => (rng.NextDouble() * 2 - 1) * bound).ToArray();
            gw[l] = new double[inW * outW]; gb[l] = new double[outW];
            mw[l] = new double[inW * outW]; vw[l] = new double[inW * outW]; mb[l] = new double[outW]; vb[l] = new double[outW];
            a[l + 1] = new double[batch * outW]; z[l + 1] = new double[batch * outW]; delta[l + 1] = new double[batch * outW];
        }
    }

    /// <summary>One step on the samples at <paramref name="indices"/> of the column-major data; returns the batch loss.</summary>
    public double Step(double[] x, double[] y, int count, ReadOnlySpan<int> indices)
    {
        int n = indices.Length, layers = widths.Length - 1, inputs = widths[0], outputs = widths[^1];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < inputs; c++)
            {
                a[0][r * inputs + c] = x[c * count + indices[r]];
            }
        }

        for (int l = 0; l < layers; l++)
        {
            int inW = widths[l], outW = widths[l + 1];
            double[] src = a[l], wl = w[l], bl = b[l], zl = z[l + 1], al = a[l + 1];
            bool relu = l + 1 < layers;
            for (int r = 0; r < n; r++)
            {
                for (int o = 0; o < outW; o++)
                {
                    double s = bl[o];
                    for (int k = 0; k < inW; k++)
                    {
                        s += src[r * inW + k] * wl[o * inW + k];
                    }

                    zl[r * outW + o] = s;
                    al[r * outW + o] = relu && s < 0 ? 0 : s;
                }
            }
        }

        double loss = 0, scale = 2.0 / (n * outputs);
        double[] output = a[layers], top = delta[layers];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < outputs; c++)
            {
                double d = output[r * outputs + c] - y[c * count + indices[r]];
                loss += d * d;
                top[r * outputs + c] = scale * d;
            }
        }

        for (int l = layers - 1; l >= 0; l--)
        {
            int inW = widths[l], outW = widths[l + 1];
            double[] dl = delta[l + 1], src = a[l], wl = w[l], gwl = gw[l], gbl = gb[l];
            Array.Clear(gwl);
            Array.Clear(gbl);
            for (int r = 0; r < n; r++)
            {
                for (int o = 0; o < outW; o++)
                {
                    double d = dl[r * outW + o];
                    gbl[o] += d;
                    for (int k = 0; k < inW; k++)
                    {
                        gwl[o * inW + k] += d * src[r * inW + k];
                    }
                }
            }

            if (l > 0)
            {
                double[] below = delta[l], zb = z[l];
                for (int r = 0; r < n; r++)
                {
                    for (int k = 0; k < inW; k++)
                    {
                        double s = 0;
                        for (int o = 0; o < outW; o++)
                        {
                            s += dl[r * outW + o] * wl[o * inW + k];
                        }

                        below[r * inW + k] = zb[r * inW + k] > 0 ? s : 0;
                    }
                }
            }
        }

        t++;
        double c1 = 1 - Math.Pow(beta1, t), c2 = 1 - Math.Pow(beta2, t);
        for (int l = 0; l < layers; l++)
        {
            Adam(w[l], gw[l], mw[l], vw[l], c1, c2);
            Adam(b[l], gb[l], mb[l], vb[l], c1, c2);
        }

        return loss / (n * outputs);
    }

    private void Adam(double[] p, double[] g, double[] m, double[] v, double c1, double c2)
    {
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            p[i] -= lr * (m[i] / c1) / (Math.Sqrt(v[i] / c2) + eps);
        }
    }

    /// <summary>Trains <paramref name="epochs"/> epochs with the library's shuffles and batching; returns the last epoch's loss sum.</summary>
    public double Train(Dataset data, int epochs, int batchSize, long seed = 42)
    {
        double[] x = data.X.Storage, y = data.Y.Storage;
        var order = new int[data.Count];
        var key = new uint[624];
        double sum = 0;
        for (int e = 0; e < epochs; e++)
        {
            Batching.EpochOrderInPlace(order, true, seed, e, key);
            sum = 0;
            for (int start = 0; start < data.Count; start += batchSize)
            {
                sum += Step(x, y, data.Count, order.AsSpan(start, Math.Min(batchSize, data.Count - start)));
            }
        }

        return sum;
    }
}
