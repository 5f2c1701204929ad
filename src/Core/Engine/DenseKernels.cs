using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Functional.Core.Model;

namespace Functional.Core.Engine;

/// <summary>
/// The arithmetic of the fused training pass, as InPlace kernels over plain arrays that a per-run
/// workspace owns. They write only into buffers their caller allocated for the run and never hands out, so
/// no record (whose matrices must never change) can see a write.
/// <para>
/// Layout: a batch is stored sample-major, one row per sample, each row padded to a multiple of
/// <see cref="Lanes"/> so the SIMD lanes run across features. Packed weights keep, for every index being
/// summed over, one padded row of the features being produced.
/// </para>
/// <para>
/// Bit-identity with the straightforward MathNet path: every output element is summed over its reduction
/// index in increasing order starting from +0.0, products are formed as MathNet's managed provider forms
/// them (no fused multiply-add), and a bias is added after the full product. The lanes only compute
/// different elements side by side, so each element sees exactly the operations the reference performs.
/// Padding lanes hold values no real element ever reads.
/// </para>
/// </summary>
internal static class DenseKernels
{
    /// <summary>Doubles per SIMD vector on this machine (4 with AVX2).</summary>
    internal static int Lanes => Vector<double>.Count;

    /// <summary>Returns <paramref name="width"/> rounded up to a whole number of vectors.</summary>
    internal static int Padded(int width) => (width + Lanes - 1) / Lanes * Lanes;

    /// <summary>
    /// dst[r, j] = (Σ_{k &lt; reduce} src[r, k] · packed[k, j]) + bias[j] for r &lt; rows and every j &lt; width
    /// (width is padded; bias may be null). src rows have stride <paramref name="srcStride"/>, packed and dst
    /// rows stride <paramref name="width"/>. Forward: src = layer input, packed[k, o] = W[o, k]. Backward:
    /// src = delta, packed[o, i] = W[o, i], no bias.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyRowsInPlace(double[] src, int srcStride, int reduce, double[] packed, int width, double[]? bias, double[] dst, int rows)
    {
        // PERF: two rows at a time share the weight loads and give the core twice the independent sums.
        int v = Vector<double>.Count;
        ref double s0 = ref MemoryMarshal.GetArrayDataReference(src);
        ref double p0 = ref MemoryMarshal.GetArrayDataReference(packed);
        ref double d0 = ref MemoryMarshal.GetArrayDataReference(dst);
        ref double b0 = ref bias is null ? ref Unsafe.NullRef<double>() : ref MemoryMarshal.GetArrayDataReference(bias);
        bool hasBias = bias is not null;
        int r = 0;
        for (; r + 1 < rows; r += 2)
        {
            ref double sA = ref Unsafe.Add(ref s0, r * srcStride);
            ref double sB = ref Unsafe.Add(ref sA, srcStride);
            ref double dA = ref Unsafe.Add(ref d0, r * width);
            ref double dB = ref Unsafe.Add(ref dA, width);
            int j = 0;
            for (; j + 3 * v <= width; j += 3 * v)
            {
                Vector<double> a0 = Vector<double>.Zero, a1 = Vector<double>.Zero, a2 = Vector<double>.Zero;
                Vector<double> c0 = Vector<double>.Zero, c1 = Vector<double>.Zero, c2 = Vector<double>.Zero;
                ref double w = ref Unsafe.Add(ref p0, j);
                for (int k = 0; k < reduce; k++)
                {
                    var xa = new Vector<double>(Unsafe.Add(ref sA, k));
                    var xb = new Vector<double>(Unsafe.Add(ref sB, k));
                    var w0 = Vector.LoadUnsafe(ref w);
                    var w1 = Vector.LoadUnsafe(ref w, (nuint)v);
                    var w2 = Vector.LoadUnsafe(ref w, (nuint)(2 * v));
                    a0 += xa * w0;
                    a1 += xa * w1;
                    a2 += xa * w2;
                    c0 += xb * w0;
                    c1 += xb * w1;
                    c2 += xb * w2;
                    w = ref Unsafe.Add(ref w, width);
                }

                if (hasBias)
                {
                    var e0 = Vector.LoadUnsafe(ref b0, (nuint)j);
                    var e1 = Vector.LoadUnsafe(ref b0, (nuint)(j + v));
                    var e2 = Vector.LoadUnsafe(ref b0, (nuint)(j + 2 * v));
                    a0 += e0;
                    a1 += e1;
                    a2 += e2;
                    c0 += e0;
                    c1 += e1;
                    c2 += e2;
                }

                a0.StoreUnsafe(ref dA, (nuint)j);
                a1.StoreUnsafe(ref dA, (nuint)(j + v));
                a2.StoreUnsafe(ref dA, (nuint)(j + 2 * v));
                c0.StoreUnsafe(ref dB, (nuint)j);
                c1.StoreUnsafe(ref dB, (nuint)(j + v));
                c2.StoreUnsafe(ref dB, (nuint)(j + 2 * v));
            }

            for (; j + 2 * v <= width; j += 2 * v)
            {
                Vector<double> a0 = Vector<double>.Zero, a1 = Vector<double>.Zero;
                Vector<double> c0 = Vector<double>.Zero, c1 = Vector<double>.Zero;
                ref double w = ref Unsafe.Add(ref p0, j);
                for (int k = 0; k < reduce; k++)
                {
                    var xa = new Vector<double>(Unsafe.Add(ref sA, k));
                    var xb = new Vector<double>(Unsafe.Add(ref sB, k));
                    var w0 = Vector.LoadUnsafe(ref w);
                    var w1 = Vector.LoadUnsafe(ref w, (nuint)v);
                    a0 += xa * w0;
                    a1 += xa * w1;
                    c0 += xb * w0;
                    c1 += xb * w1;
                    w = ref Unsafe.Add(ref w, width);
                }

                if (hasBias)
                {
                    var e0 = Vector.LoadUnsafe(ref b0, (nuint)j);
                    var e1 = Vector.LoadUnsafe(ref b0, (nuint)(j + v));
                    a0 += e0;
                    a1 += e1;
                    c0 += e0;
                    c1 += e1;
                }

                a0.StoreUnsafe(ref dA, (nuint)j);
                a1.StoreUnsafe(ref dA, (nuint)(j + v));
                c0.StoreUnsafe(ref dB, (nuint)j);
                c1.StoreUnsafe(ref dB, (nuint)(j + v));
            }

            for (; j < width; j += v)
            {
                Vector<double> a0 = Vector<double>.Zero, c0 = Vector<double>.Zero;
                ref double w = ref Unsafe.Add(ref p0, j);
                for (int k = 0; k < reduce; k++)
                {
                    var w0 = Vector.LoadUnsafe(ref w);
                    a0 += new Vector<double>(Unsafe.Add(ref sA, k)) * w0;
                    c0 += new Vector<double>(Unsafe.Add(ref sB, k)) * w0;
                    w = ref Unsafe.Add(ref w, width);
                }

                if (hasBias)
                {
                    var e0 = Vector.LoadUnsafe(ref b0, (nuint)j);
                    a0 += e0;
                    c0 += e0;
                }

                a0.StoreUnsafe(ref dA, (nuint)j);
                c0.StoreUnsafe(ref dB, (nuint)j);
            }
        }

        if (r < rows)
        {
            ref double sRow = ref Unsafe.Add(ref s0, r * srcStride);
            ref double dRow = ref Unsafe.Add(ref d0, r * width);
            for (int j = 0; j < width; j += v)
            {
                Vector<double> a0 = Vector<double>.Zero;
                ref double w = ref Unsafe.Add(ref p0, j);
                for (int k = 0; k < reduce; k++)
                {
                    a0 += new Vector<double>(Unsafe.Add(ref sRow, k)) * Vector.LoadUnsafe(ref w);
                    w = ref Unsafe.Add(ref w, width);
                }

                if (hasBias)
                {
                    a0 += Vector.LoadUnsafe(ref b0, (nuint)j);
                }

                a0.StoreUnsafe(ref dRow, (nuint)j);
            }
        }
    }

    /// <summary>
    /// grad[k, j] = Σ_{r &lt; rows} delta[r, j] · input[r, k] for k &lt; <paramref name="inputs"/> and every
    /// j &lt; width (padded): the weight gradient δᵀ·X of a layer in the packed forward layout
    /// (grad[k, o] = dL/dW[o, k]). delta and grad rows have stride <paramref name="width"/>, input rows
    /// <paramref name="inputStride"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void WeightGradientInPlace(double[] delta, int width, double[] input, int inputStride, int inputs, double[] grad, int rows)
    {
        // PERF: two inputs k at a time share the delta loads and double the independent sums.
        int v = Vector<double>.Count;
        ref double d0 = ref MemoryMarshal.GetArrayDataReference(delta);
        ref double x0 = ref MemoryMarshal.GetArrayDataReference(input);
        ref double g0 = ref MemoryMarshal.GetArrayDataReference(grad);
        int k = 0;
        for (; k + 1 < inputs; k += 2)
        {
            ref double gA = ref Unsafe.Add(ref g0, k * width);
            ref double gB = ref Unsafe.Add(ref gA, width);
            int j = 0;
            for (; j + 3 * v <= width; j += 3 * v)
            {
                Vector<double> a0 = Vector<double>.Zero, a1 = Vector<double>.Zero, a2 = Vector<double>.Zero;
                Vector<double> c0 = Vector<double>.Zero, c1 = Vector<double>.Zero, c2 = Vector<double>.Zero;
                ref double d = ref Unsafe.Add(ref d0, j);
                ref double x = ref Unsafe.Add(ref x0, k);
                for (int r = 0; r < rows; r++)
                {
                    var xa = new Vector<double>(x);
                    var xb = new Vector<double>(Unsafe.Add(ref x, 1));
                    var e0 = Vector.LoadUnsafe(ref d);
                    var e1 = Vector.LoadUnsafe(ref d, (nuint)v);
                    var e2 = Vector.LoadUnsafe(ref d, (nuint)(2 * v));
                    a0 += e0 * xa;
                    a1 += e1 * xa;
                    a2 += e2 * xa;
                    c0 += e0 * xb;
                    c1 += e1 * xb;
                    c2 += e2 * xb;
                    d = ref Unsafe.Add(ref d, width);
                    x = ref Unsafe.Add(ref x, inputStride);
                }

                a0.StoreUnsafe(ref gA, (nuint)j);
                a1.StoreUnsafe(ref gA, (nuint)(j + v));
                a2.StoreUnsafe(ref gA, (nuint)(j + 2 * v));
                c0.StoreUnsafe(ref gB, (nuint)j);
                c1.StoreUnsafe(ref gB, (nuint)(j + v));
                c2.StoreUnsafe(ref gB, (nuint)(j + 2 * v));
            }

            for (; j + 2 * v <= width; j += 2 * v)
            {
                Vector<double> a0 = Vector<double>.Zero, a1 = Vector<double>.Zero;
                Vector<double> c0 = Vector<double>.Zero, c1 = Vector<double>.Zero;
                ref double d = ref Unsafe.Add(ref d0, j);
                ref double x = ref Unsafe.Add(ref x0, k);
                for (int r = 0; r < rows; r++)
                {
                    var xa = new Vector<double>(x);
                    var xb = new Vector<double>(Unsafe.Add(ref x, 1));
                    var e0 = Vector.LoadUnsafe(ref d);
                    var e1 = Vector.LoadUnsafe(ref d, (nuint)v);
                    a0 += e0 * xa;
                    a1 += e1 * xa;
                    c0 += e0 * xb;
                    c1 += e1 * xb;
                    d = ref Unsafe.Add(ref d, width);
                    x = ref Unsafe.Add(ref x, inputStride);
                }

                a0.StoreUnsafe(ref gA, (nuint)j);
                a1.StoreUnsafe(ref gA, (nuint)(j + v));
                c0.StoreUnsafe(ref gB, (nuint)j);
                c1.StoreUnsafe(ref gB, (nuint)(j + v));
            }

            for (; j < width; j += v)
            {
                Vector<double> a0 = Vector<double>.Zero, c0 = Vector<double>.Zero;
                ref double d = ref Unsafe.Add(ref d0, j);
                ref double x = ref Unsafe.Add(ref x0, k);
                for (int r = 0; r < rows; r++)
                {
                    var e0 = Vector.LoadUnsafe(ref d);
                    a0 += e0 * new Vector<double>(x);
                    c0 += e0 * new Vector<double>(Unsafe.Add(ref x, 1));
                    d = ref Unsafe.Add(ref d, width);
                    x = ref Unsafe.Add(ref x, inputStride);
                }

                a0.StoreUnsafe(ref gA, (nuint)j);
                c0.StoreUnsafe(ref gB, (nuint)j);
            }
        }

        if (k < inputs)
        {
            ref double gRow = ref Unsafe.Add(ref g0, k * width);
            for (int j = 0; j < width; j += v)
            {
                Vector<double> a0 = Vector<double>.Zero;
                ref double d = ref Unsafe.Add(ref d0, j);
                ref double x = ref Unsafe.Add(ref x0, k);
                for (int r = 0; r < rows; r++)
                {
                    a0 += Vector.LoadUnsafe(ref d) * new Vector<double>(x);
                    d = ref Unsafe.Add(ref d, width);
                    x = ref Unsafe.Add(ref x, inputStride);
                }

                a0.StoreUnsafe(ref gRow, (nuint)j);
            }
        }
    }

    /// <summary>sums[j] = Σ_{r &lt; rows} delta[r, j] for every j &lt; width (padded): a layer's bias gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ColumnSumsInPlace(double[] delta, int width, int rows, double[] sums)
    {
        int v = Vector<double>.Count;
        ref double d0 = ref MemoryMarshal.GetArrayDataReference(delta);
        ref double s0 = ref MemoryMarshal.GetArrayDataReference(sums);
        for (int j = 0; j < width; j += v)
        {
            Vector<double> a = Vector<double>.Zero;
            ref double d = ref Unsafe.Add(ref d0, j);
            for (int r = 0; r < rows; r++)
            {
                a += Vector.LoadUnsafe(ref d);
                d = ref Unsafe.Add(ref d, width);
            }

            a.StoreUnsafe(ref s0, (nuint)j);
        }
    }

    /// <summary>
    /// dst[r, c] = f(src[r, c]) for r &lt; rows (rows of stride <paramref name="stride"/>, padded): every lane
    /// for the kinds done in vectors, the first <paramref name="real"/> columns for the others.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ActivateInPlace(Activation activation, double[] src, double[] dst, int rows, int stride, int real)
    {
        int count = rows * stride;
        switch (activation.Kind)
        {
            case ActivationKind.Identity:
                if (!ReferenceEquals(src, dst))
                {
                    Array.Copy(src, dst, count);
                }

                return;
            case ActivationKind.Relu:
            {
                // z > 0 ? z : 0, as Activation.Apply (a NaN or -0 becomes +0).
                int v = Vector<double>.Count;
                ref double s = ref MemoryMarshal.GetArrayDataReference(src);
                ref double d = ref MemoryMarshal.GetArrayDataReference(dst);
                for (int i = 0; i < count; i += v)
                {
                    var z = Vector.LoadUnsafe(ref s, (nuint)i);
                    Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<double>.Zero), z, Vector<double>.Zero).StoreUnsafe(ref d, (nuint)i);
                }

                return;
            }

            default:
                for (int r = 0; r < rows; r++)
                {
                    int row = r * stride;
                    for (int c = row; c < row + real; c++)
                    {
                        dst[c] = activation.Apply(src[c]);
                    }
                }

                return;
        }
    }

    /// <summary>
    /// upstream[r, c] = upstream[r, c] · f'(pre[r, c], post[r, c]): dL/dZ from dL/dA, over the same elements
    /// as <see cref="ActivateInPlace"/> (identity leaves the upstream gradient untouched, as the reference
    /// passes it through).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ActivationBackwardInPlace(Activation activation, double[] pre, double[] post, double[] upstream, int rows, int stride, int real)
    {
        int count = rows * stride;
        switch (activation.Kind)
        {
            case ActivationKind.Identity:
                return;
            case ActivationKind.Relu:
            {
                // upstream · (z > 0 ? 1 : 0): the multiplication is kept so -0 and NaN come out as in the reference.
                int v = Vector<double>.Count;
                ref double z0 = ref MemoryMarshal.GetArrayDataReference(pre);
                ref double u0 = ref MemoryMarshal.GetArrayDataReference(upstream);
                for (int i = 0; i < count; i += v)
                {
                    var slope = Vector.ConditionalSelect(Vector.GreaterThan(Vector.LoadUnsafe(ref z0, (nuint)i), Vector<double>.Zero), Vector<double>.One, Vector<double>.Zero);
                    (Vector.LoadUnsafe(ref u0, (nuint)i) * slope).StoreUnsafe(ref u0, (nuint)i);
                }

                return;
            }

            default:
                for (int r = 0; r < rows; r++)
                {
                    int row = r * stride;
                    for (int c = row; c < row + real; c++)
                    {
                        upstream[c] = upstream[c] * activation.Derivative(pre[c], post[c]);
                    }
                }

                return;
        }
    }
}
