using FsCheck.Fluent;
using FsCheck.Xunit;
using FsCheck;
using Functional.Core.Engine;
using Functional.Core.Optim;
using Functional.Properties.Tests.TestSupport;

namespace Functional.Properties.Tests.Optim;

/// <summary>
/// The software multiply, divide and add the update kernels use for subnormal values must return exactly
/// what the hardware returns, bit for bit, for every pair of operands: random bit patterns, subnormals,
/// values near the subnormal boundary and exact ties.
/// </summary>
public sealed class SubnormalArithmeticProperties
{
    private static readonly Gen<double> Subnormal =
        Gen.Choose(1, int.MaxValue).Two().Select(p => BitConverter.Int64BitsToDouble(((long)p.Item1 << 21 ^ p.Item2) & ((1L << 52) - 1)) is var d && d != 0 ? d : double.Epsilon)
            .SelectMany(d => Gen.Elements(d, -d));

    private static readonly Gen<double> SmallSubnormal = Gen.Choose(1, 64).Select(q => BitConverter.Int64BitsToDouble(q)).SelectMany(d => Gen.Elements(d, -d));

    private static readonly Gen<double> NearOne = Gen.Choose(-1_000_000, 1_000_000).Select(i => 1.0 + i / 1_000_001.0);

    private static readonly Gen<double> Tiny = Gen.Choose(-1_000_000, 1_000_000).Select(i => i * 1e-305);

    private static readonly Gen<double> Ordinary = Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1000.0);

    private static readonly Gen<double> Constants = Gen.Elements(
        0.9, 0.999, 0.1, 0.001, 1e-4, -1e-4, 0.5, 2.0, 0.25, 1.5, 3.0, 1e-8, 1.0, -1.0, 0.0, -0.0,
        1.0 - 1e-16, double.Epsilon, 2.2250738585072014E-308, 2.2250738585072009E-308, 1e300, 1e-300,
        double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.MaxValue);

    private static readonly Gen<double> Any = Gen.OneOf(Generators.FiniteDouble, Subnormal, SmallSubnormal, NearOne, Tiny, Ordinary, Constants);

    private static Arbitrary<(double, double)> Pairs => Any.Two().Select(p => (p.Item1, p.Item2)).ToArbitrary();

    [Property(MaxTest = 20_000)]
    public Property Multiply_equals_the_hardware_product() =>
        Prop.ForAll(Pairs, p => Same(p.Item1 * p.Item2, SubnormalArithmetic.Multiply(p.Item1, p.Item2)));

    [Property(MaxTest = 20_000)]
    public Property Divide_equals_the_hardware_quotient() =>
        Prop.ForAll(Pairs, p => Same(p.Item1 / p.Item2, SubnormalArithmetic.Divide(p.Item1, p.Item2)));

    [Property(MaxTest = 20_000)]
    public Property Add_equals_the_hardware_sum() =>
        Prop.ForAll(Pairs, p => Same(p.Item1 + p.Item2, SubnormalArithmetic.Add(p.Item1, p.Item2)));

    private static readonly Gen<double> Moderate =
        Gen.Choose(-60, 60).SelectMany(e => Gen.Choose(0, 1 << 30).Select(f => Math.ScaleB(1.0 + f / (double)(1 << 30), e)))
            .SelectMany(c => Gen.Elements(c, -c, Math.Min(c, 1.152921504606847E+18)));

    private static Arbitrary<(double, double)> SubnormalAndModerate =>
        Gen.OneOf(Subnormal, SmallSubnormal).SelectMany(x => Gen.OneOf(Moderate, Constants.Where(SubnormalArithmetic.IsModerate)).Select(c => (x, c))).ToArbitrary();

    [Property(MaxTest = 20_000)]
    public Property The_subnormal_shortcuts_equal_the_hardware() =>
        Prop.ForAll(SubnormalAndModerate, p =>
            Same(p.Item2 * p.Item1, SubnormalArithmetic.MultiplySubnormal(p.Item2, p.Item1)) &&
            Same(p.Item1 / p.Item2, SubnormalArithmetic.DivideSubnormal(p.Item1, p.Item2)) &&
            Same(p.Item2 + p.Item1, SubnormalArithmetic.AddToLarger(p.Item2, p.Item1)));

    [Fact]
    public void Ties_round_to_even_on_the_subnormal_grid()
    {
        for (long q = 1; q < 4096; q++)
        {
            double x = BitConverter.Int64BitsToDouble(q);
            foreach (double y in new[] { 0.5, 1.5, 0.25, 0.75, 2.5, 0.9, 0.1, 1.0 / 3.0, 3.0, 1e-4, 1e8 })
            {
                Assert.True(Same(x * y, SubnormalArithmetic.Multiply(x, y)), $"{q} * {y}");
                Assert.True(Same(-x * y, SubnormalArithmetic.Multiply(-x, y)), $"-{q} * {y}");
                Assert.True(Same(x / y, SubnormalArithmetic.Divide(x, y)), $"{q} / {y}");
                Assert.True(Same(x / -y, SubnormalArithmetic.Divide(x, -y)), $"{q} / -{y}");
                Assert.True(Same(x + y * 1e-310, SubnormalArithmetic.Add(x, y * 1e-310)), $"{q} + {y}e-310");
                Assert.True(Same(x * y, SubnormalArithmetic.MultiplySubnormal(y, x)), $"{q} * {y} (shortcut)");
                Assert.True(Same(-x * y, SubnormalArithmetic.MultiplySubnormal(-y, x)), $"{q} * -{y} (shortcut)");
                Assert.True(Same(x / y, SubnormalArithmetic.DivideSubnormal(x, y)), $"{q} / {y} (shortcut)");
            }
        }
    }

    [Fact]
    public void Products_and_quotients_crossing_into_and_out_of_the_subnormals_round_as_the_hardware()
    {
        var rng = new System.Random(7);
        for (int i = 0; i < 200_000; i++)
        {
            double x = Math.ScaleB(1.0 + rng.NextDouble(), rng.Next(-1100, -900)) * (rng.Next(2) == 0 ? 1 : -1);
            double y = Math.ScaleB(1.0 + rng.NextDouble(), rng.Next(-60, 60));
            Assert.True(Same(x * y, SubnormalArithmetic.Multiply(x, y)), $"{x:R} * {y:R}");
            Assert.True(Same(x / y, SubnormalArithmetic.Divide(x, y)), $"{x:R} / {y:R}");
            Assert.True(Same(y / x, SubnormalArithmetic.Divide(y, x)), $"{y:R} / {x:R}");
            double z = Math.ScaleB(1.0 + rng.NextDouble(), rng.Next(-1100, -900));
            Assert.True(Same(x + z, SubnormalArithmetic.Add(x, z)), $"{x:R} + {z:R}");
            Assert.True(Same(x + y, SubnormalArithmetic.Add(x, y)), $"{x:R} + {y:R}");
        }
    }

    private static bool Same(double expected, double actual) =>
        BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual) || (double.IsNaN(expected) && double.IsNaN(actual));
}
