using FsCheck;
using FsCheck.Fluent;
using Functional.Core.Data;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.TestSupport;

/// <summary>FsCheck generators shared by the random-number and data properties.</summary>
internal static class Generators
{
    private static readonly Gen<int> Word16 = Gen.Choose(0, 0xFFFF);

    /// <summary>Any 32-bit value, uniformly over the whole range (FsCheck's own uint generator stays small).</summary>
    public static Gen<uint> UInt32 { get; } = Word16.Two().Select(p => ((uint)p.Item1 << 16) | (uint)p.Item2);

    /// <summary>Any finite double: random bit patterns (all exponents, subnormals, ±0) mixed with everyday values.</summary>
    public static Gen<double> FiniteDouble { get; } = Gen.OneOf(
        Word16.Four()
            .Select(w => BitConverter.Int64BitsToDouble(((long)w.Item1 << 48) | ((long)w.Item2 << 32) | ((long)w.Item3 << 16) | (long)w.Item4))
            .Where(double.IsFinite),
        Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1000.0),
        Gen.Elements(0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 0.1, 1.0 / 3.0));

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
}
