using FsCheck;
using FsCheck.Fluent;
using Functional.Core.Data;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.TestSupport;

/// <summary>
/// The FsCheck generators every property draws from: numbers, data sets, networks with batches
/// (Generators.Networks.cs), parameter trees and training runs (Generators.Runs.cs). Arbitraries here shrink:
/// a failing case is cut down (fewer samples, units and layers, plainer activations and losses, smaller numbers)
/// before FsCheck reports it.
/// </summary>
internal static partial class Generators
{
    private static readonly Gen<int> Word16 = Gen.Choose(0, 0xFFFF);

    /// <summary>Any 32-bit value, uniformly over the whole range (FsCheck's own uint generator stays small).</summary>
    public static Gen<uint> UInt32 { get; } = Word16.Two().Select(p => ((uint)p.Item1 << 16) | (uint)p.Item2);

    /// <summary>A seed handed to the library: any 32-bit value, shrinking towards 0.</summary>
    public static Arbitrary<long> Seeds { get; } = Arb.From(UInt32.Select(u => (long)u), s => ShrinkInteger(0, s));

    /// <summary>Any finite double: random bit patterns (all exponents, subnormals, ±0) mixed with everyday values.</summary>
    public static Gen<double> FiniteDouble { get; } = Gen.OneOf(
        Word16.Four()
            .Select(w => BitConverter.Int64BitsToDouble(((long)w.Item1 << 48) | ((long)w.Item2 << 32) | ((long)w.Item3 << 16) | (long)w.Item4))
            .Where(double.IsFinite),
        Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1000.0),
        Gen.Elements(0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 0.1, 1.0 / 3.0));

    /// <summary>
    /// Values as a long run leaves them in gradients and optimizer moments: exact zeros (±0), subnormals, tiny
    /// normals near the subnormal boundary and ordinary values in [-1, 1].
    /// </summary>
    public static Gen<double> MixedValue { get; } = Gen.Frequency(
        (1, Gen.Elements(0.0, -0.0)),
        (1, Gen.Choose(1, int.MaxValue).Two()
            .Select(p => BitConverter.Int64BitsToDouble((((long)p.Item1 << 21) ^ p.Item2) & ((1L << 52) - 1)))
            .SelectMany(d => Gen.Elements(d, -d))),
        (1, Gen.Choose(-1_000_000, 1_000_000).Select(i => i * 1e-309)),
        (2, Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1e6)));

    /// <summary>A double in [lo, hi] on a grid of 10⁶ steps, shrinking towards lo.</summary>
    public static Arbitrary<double> Between(double lo, double hi) =>
        Arb.From(Gen.Choose(0, 1_000_000), k => ShrinkInteger(0, k).Select(v => (int)v)).Convert(k => lo + (hi - lo) * (k / 1e6), v => (int)Math.Round((v - lo) / (hi - lo) * 1e6));

    /// <summary>An integer in [lo, hi], shrinking towards lo.</summary>
    public static Arbitrary<int> IntBetween(int lo, int hi) => Arb.From(Gen.Choose(lo, hi), k => ShrinkInteger(lo, k).Select(v => (int)v));

    /// <summary>A data set with 1 to 40 samples, 1 to 3 inputs and 1 or 2 targets of finite values.</summary>
    public static Gen<Dataset> SmallDataset { get; } =
        from n in Gen.Choose(1, 40)
        from inputs in Gen.Choose(1, 3)
        from outputs in Gen.Choose(1, 2)
        from x in FiniteDouble.ArrayOf(n * inputs)
        from y in FiniteDouble.ArrayOf(n * outputs)
        select new Dataset(
            Matrix<double>.Build.DenseOfRowMajor(n, inputs, x),
            Matrix<double>.Build.DenseOfRowMajor(n, outputs, y));

    /// <summary>A data set with n = 1..60 samples whose single input is the sample's index (so rows can be told apart).</summary>
    public static Gen<Dataset> IndexedDataset { get; } =
        Gen.Choose(1, 60).Select(Indexed);

    /// <summary>Returns a data set of n samples with X[i] = i and Y[i] = -i.</summary>
    public static Dataset Indexed(int n) => Dataset.FromColumns(
        Enumerable.Range(0, n).Select(i => (double)i).ToArray(),
        Enumerable.Range(0, n).Select(i => -(double)i).ToArray());

    /// <summary>
    /// The value a generator gives for a fixed seed: for examples that need one concrete case (a model to save,
    /// a file to corrupt) rather than many.
    /// </summary>
    public static T Fixed<T>(Gen<T> gen, int seed) => Fixed(gen, seed, 1)[0];

    /// <summary>Draws <paramref name="count"/> values from a fixed seed, as a property run would (at size 10).</summary>
    public static T[] Fixed<T>(Gen<T> gen, int seed, int count) => gen.Sample(count, new Rnd((ulong)seed), 10);

    /// <summary>Integers strictly between <paramref name="target"/> and <paramref name="value"/>'s side, nearest the target first.</summary>
    internal static IEnumerable<long> ShrinkInteger(long target, long value)
    {
        if (value == target)
        {
            yield break;
        }

        yield return target;
        long half = target + (value - target) / 2;
        if (half != target && half != value)
        {
            yield return half;
        }

        long step = value - Math.Sign(value - target);
        if (step != target && step != half)
        {
            yield return step;
        }
    }

    /// <summary>
    /// Smaller versions of a double, each strictly nearer 0: 0 itself, the value cut to one decimal place and
    /// half the value (while that is not tiny). Stops at 0; ±0 and non-finite values are left alone.
    /// </summary>
    internal static IEnumerable<double> ShrinkDouble(double value)
    {
        if (value == 0.0 || !double.IsFinite(value))
        {
            yield break;
        }

        yield return 0.0;
        double cut = Math.Truncate(value * 10) / 10;
        if (cut != 0.0 && Math.Abs(cut) < Math.Abs(value))
        {
            yield return cut;
        }

        if (Math.Abs(value) > 1e-3)
        {
            yield return value / 2;
        }
    }

    /// <summary>For each index of <paramref name="values"/>, the array with that one value shrunk.</summary>
    internal static IEnumerable<double[]> ShrinkEach(double[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            foreach (double smaller in ShrinkDouble(values[i]))
            {
                var copy = (double[])values.Clone();
                copy[i] = smaller;
                yield return copy;
            }
        }
    }
}
