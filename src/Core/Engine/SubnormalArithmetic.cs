using System.Numerics;
using System.Runtime.CompilerServices;

namespace Functional.Core.Engine;

/// <summary>
/// IEEE-754 double multiplication, division and addition that return exactly the hardware's
/// round-to-nearest-even result, bit for bit, but never let a subnormal operand or result pass through the
/// floating-point unit.
/// <para>
/// Why: optimizer moments of parameters whose gradient is exactly zero (dead ReLU units) decay
/// geometrically (m ← 0.9·m) and spend hundreds of steps as subnormal numbers before they reach zero.
/// x86 cores handle subnormals in microcode assists of a hundred cycles or more each, which made the
/// tutorial's training step more than twice as slow. Flushing them to zero would change the results;
/// these functions keep the results and avoid the assists by working on the significand and exponent
/// with integer operations, using a fused multiply-add only to get the exact rounding error.
/// </para>
/// The kernels call them only for values below <see cref="Tiny"/>; everything else takes the hardware path.
/// </summary>
internal static class SubnormalArithmetic
{
    /// <summary>2^-998: below this (and above zero) a value is sent down the exact path.</summary>
    internal const double Tiny = 3.7330544740128755E-301;

    private const double SmallestNormal = 2.2250738585072014E-308; // 2^-1022
    private const long SignBit = long.MinValue;
    private const long FractionMask = (1L << 52) - 1;
    private const long ExponentOne = 1023L << 52;

    /// <summary>All-ones in the lanes that are non-zero and smaller in magnitude than <see cref="Tiny"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<long> TinyLanes(Vector<double> values)
    {
        var magnitude = Vector.Abs(values);
        return Vector.BitwiseAnd(Vector.LessThan(magnitude, new Vector<double>(Tiny)), Vector.GreaterThan(magnitude, Vector<double>.Zero));
    }

    /// <summary>Whether <paramref name="value"/> is non-zero and smaller in magnitude than <see cref="Tiny"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsTiny(double value) => Math.Abs(value) < Tiny && value != 0.0;

    /// <summary>Returns x · y exactly as the hardware rounds it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Multiply(double x, double y)
    {
        double ax = Math.Abs(x), ay = Math.Abs(y);
        if (!(ax > 0.0) || !(ay > 0.0) || double.IsInfinity(ax) || double.IsInfinity(ay))
        {
            return x * y;
        }

        double mx = Split(ax, out int ex), my = Split(ay, out int ey);
        int k = ex + ey;
        if (k > 1022 || (k >= -1020 && ex >= -1022 && ey >= -1022))
        {
            // Normal operands and a normal (or overflowing) product: nothing subnormal happens.
            return x * y;
        }

        double p = mx * my;
        double error = Math.FusedMultiplyAdd(mx, my, -p);
        return Finish(p, error, k, (x < 0.0) != (y < 0.0));
    }

    /// <summary>Returns x / y exactly as the hardware rounds it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Divide(double x, double y)
    {
        if (y == 1.0)
        {
            return x;
        }

        double ax = Math.Abs(x), ay = Math.Abs(y);
        if (!(ax > 0.0) || !(ay > 0.0) || double.IsInfinity(ax) || double.IsInfinity(ay))
        {
            return x / y;
        }

        double mx = Split(ax, out int ex), my = Split(ay, out int ey);
        int k = ex - ey;
        if (k > 1022 || (k >= -1020 && ex >= -1022 && ey >= -1022))
        {
            return x / y;
        }

        double q = mx / my;
        double remainder = Math.FusedMultiplyAdd(-q, my, mx);
        return Finish(q, remainder, k, (x < 0.0) != (y < 0.0));
    }

    /// <summary>Returns x + y exactly as the hardware rounds it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Add(double x, double y)
    {
        if (y == 0.0 && x != 0.0)
        {
            return x;
        }

        if (x == 0.0 && y != 0.0)
        {
            return y;
        }

        double ax = Math.Abs(x), ay = Math.Abs(y);
        if (!(ax >= SmallestNormal) || !(ay >= SmallestNormal))
        {
            if (double.IsNaN(ax) || double.IsNaN(ay) || x == 0.0)
            {
                return x + y;
            }

            // One operand is subnormal. Against a value of 2^-968 or more it is below half an ulp: the
            // sum rounds to the larger operand.
            double big = ax >= ay ? x : y;
            if (Math.Abs(big) >= 4.008336720017946E-292)
            {
                return big;
            }

            // Both tiny: add exactly on the grid of 2^-1074, which holds every double of this size.
            if (ax < 1.0E-305 && ay < 1.0E-305)
            {
                long sum = Grid(x) + Grid(y);
                long magnitude = Math.Abs(sum);
                if (magnitude < 1L << 53)
                {
                    // For magnitudes below 2^53 the grid count is the bit pattern (subnormal or the first binade).
                    return BitConverter.Int64BitsToDouble(magnitude | (sum < 0 ? SignBit : 0L));
                }
            }
        }

        return x + y;
    }

    /// <summary>
    /// Returns c · x exactly as the hardware rounds it, for a subnormal <paramref name="x"/> and a normal
    /// <paramref name="c"/> with 2^-60 ≤ |c| ≤ 2^60 (the caller checks): the common case of a decaying
    /// moment times β or an update times the learning rate, without the general case's normalisation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double MultiplySubnormal(double c, double x)
    {
        // |x| = q · 2^-1074 with q = its bits, an integer below 2^52: scale by 2^1074, multiply exactly-rounded.
        double q = BitConverter.DoubleToInt64Bits(x) & ~SignBit;
        double ac = Math.Abs(c);
        double p = ac * q;
        return Grid(p, Math.FusedMultiplyAdd(ac, q, -p), (x < 0.0) != (c < 0.0));
    }

    /// <summary>
    /// Returns x / d exactly as the hardware rounds it, for a subnormal <paramref name="x"/> and a normal
    /// <paramref name="d"/> with 2^-60 ≤ |d| ≤ 2^60 (the caller checks).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double DivideSubnormal(double x, double d)
    {
        double q = BitConverter.DoubleToInt64Bits(x) & ~SignBit;
        double ad = Math.Abs(d);
        double p = q / ad;
        return Grid(p, Math.FusedMultiplyAdd(-p, ad, q), (x < 0.0) != (d < 0.0));
    }

    /// <summary>
    /// Returns x + y exactly as the hardware rounds it; inlined, it answers at once the common case of a
    /// subnormal <paramref name="y"/> against an <paramref name="x"/> of 2^-968 or more (the sum is x).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double AddToLarger(double x, double y) =>
        IsSubnormal(y) && Math.Abs(x) >= 4.008336720017946E-292 ? x : Add(x, y);

    /// <summary>Whether <paramref name="x"/> is subnormal (non-zero, below 2^-1022 in magnitude).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsSubnormal(double x) => Math.Abs(x) < SmallestNormal && x != 0.0;

    /// <summary>Whether <paramref name="c"/> is a usable constant for the two functions above: 2^-60 ≤ |c| ≤ 2^60.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsModerate(double c) => Math.Abs(c) is >= 8.6736173798840355E-19 and <= 1.152921504606847E+18;

    // Rounds (p + r) · 2^-1074, with p ≥ 0 the exact value rounded to 53 bits and r the sign of the exact
    // rounding error: scaled back when normal, else rounded to a whole count of 2^-1074, ties to even.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Grid(double p, double r, bool negative)
    {
        long sign = negative ? SignBit : 0L;
        if (p >= 4503599627370496.0)
        {
            return BitConverter.Int64BitsToDouble(sign | (BitConverter.DoubleToInt64Bits(p) - (1074L << 52)));
        }

        double n = Math.Round(p, MidpointRounding.ToEven);
        double d = p - n;
        if (d == 0.5 && r > 0.0)
        {
            n += 1.0;
        }
        else if (d == -0.5 && r < 0.0)
        {
            n -= 1.0;
        }

        return BitConverter.Int64BitsToDouble(sign | (long)n);
    }

    // |x| = m · 2^e with m in [1, 2), from the bits alone (|x| finite and non-zero).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Split(double magnitude, out int exponent)
    {
        long bits = BitConverter.DoubleToInt64Bits(magnitude);
        int biased = (int)(bits >> 52);
        if (biased == 0)
        {
            // Subnormal: |x| = bits · 2^-1074, and (double)bits is an exact, normal integer.
            long q = BitConverter.DoubleToInt64Bits((double)bits);
            exponent = (int)(q >> 52) - 1023 - 1074;
            return BitConverter.Int64BitsToDouble((q & FractionMask) | ExponentOne);
        }

        exponent = biased - 1023;
        return BitConverter.Int64BitsToDouble((bits & FractionMask) | ExponentOne);
    }

    // Rounds (p + r) · 2^k to a double, where p is the exact value rounded to 53 bits (p in [0.5, 4)) and r
    // the exact rounding error (only its sign is needed): the 53-bit result scaled when it is normal, else
    // the count of 2^-1074 steps rounded to nearest, ties to even.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Finish(double p, double r, int k, bool negative)
    {
        long pb = BitConverter.DoubleToInt64Bits(p);
        int pe = (int)(pb >> 52) - 1023;
        long sign = negative ? SignBit : 0L;
        if (pe + k >= -1022)
        {
            return BitConverter.Int64BitsToDouble(sign | (pb + ((long)k << 52)));
        }

        int shift = k + 1074;
        if (pe + shift < -1)
        {
            // Below half of 2^-1074: rounds to zero.
            return BitConverter.Int64BitsToDouble(sign);
        }

        double t = BitConverter.Int64BitsToDouble(pb + ((long)shift << 52));
        double n = Math.Round(t, MidpointRounding.ToEven);
        double d = t - n;
        if (d == 0.5 && r > 0.0)
        {
            n += 1.0;
        }
        else if (d == -0.5 && r < 0.0)
        {
            n -= 1.0;
        }

        return BitConverter.Int64BitsToDouble(sign | (long)n);
    }

    // x / 2^-1074 as a signed integer, for |x| < 2^-1012 (exact: every such double lies on that grid).
    private static long Grid(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x) & ~SignBit;
        int biased = (int)(bits >> 52);
        long count = biased == 0 ? bits : ((bits & FractionMask) | (1L << 52)) << (biased - 1);
        return x < 0.0 ? -count : count;
    }
}
