using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Random;
using Functional.Properties.Tests.TestSupport;

namespace Functional.Properties.Tests.Random;

/// <summary>Laws of the immutable generator: drawing never changes a state, draws compose, states round-trip.</summary>
public class RandomStateProperties
{
    private static readonly Arbitrary<uint> Seeds = Generators.UInt32.ToArbitrary();
    private static readonly Arbitrary<int> Counts = Gen.Choose(0, 700).ToArbitrary();

    private static (uint[] Key, int Position, bool HasGauss, double Gauss) Parts(RandomState s) =>
        (s.Key.ToArray(), s.Position, s.HasGauss, s.CachedGauss);

    private static RandomState Advanced(uint seed, int words, int normals) =>
        RandomState.Seed(seed).NextUInt32(words).Next.Normal(0.0, 1.0, normals).Next;

    [Property(MaxTest = 40)]
    public Property DrawingNeverChangesTheState() => Prop.ForAll(Seeds, Counts, (seed, n) =>
    {
        var state = Advanced(seed, n, n % 3);
        var before = Parts(state);
        _ = state.RandomSample(n);
        _ = state.Uniform(-1.0, 2.0, n);
        _ = state.Normal(1.0, 3.0, n);
        _ = state.Permutation(n);
        _ = state.NextUInt32(n);
        var after = Parts(state);
        return before.Key.SequenceEqual(after.Key) && before.Position == after.Position &&
            before.HasGauss == after.HasGauss && before.Gauss.Equals(after.Gauss);
    });

    [Property(MaxTest = 40)]
    public Property DrawingNThenMEqualsDrawingNPlusM() => Prop.ForAll(Seeds, Counts, Counts, (seed, n, m) =>
    {
        var start = Advanced(seed, 7, 1);

        var (a, afterA) = start.RandomSample(n);
        var (b, afterB) = afterA.RandomSample(m);
        var (ab, afterAb) = start.RandomSample(n + m);
        bool samples = a.Concat(b).SequenceEqual(ab) && afterB.Equals(afterAb);

        // Normal draws carry the polar method's cached value across the cut.
        var (g1, afterG1) = start.Normal(2.0, 0.5, n);
        var (g2, afterG2) = afterG1.Normal(2.0, 0.5, m);
        var (g12, afterG12) = start.Normal(2.0, 0.5, n + m);
        bool normals = g1.Concat(g2).SequenceEqual(g12) && afterG2.Equals(afterG12);

        var (w1, afterW1) = start.NextUInt32(n);
        var (w2, afterW2) = afterW1.NextUInt32(m);
        var (w12, afterW12) = start.NextUInt32(n + m);
        bool words = w1.Concat(w2).SequenceEqual(w12) && afterW2.Equals(afterW12);

        return samples && normals && words;
    });

    [Property(MaxTest = 40)]
    public Property FromPartsContinuesIdentically() => Prop.ForAll(Seeds, Counts, (seed, n) =>
    {
        // An odd number of normals leaves a cached Gaussian that the copy must carry.
        var state = Advanced(seed, n, 2 * (n % 4) + 1);
        Assert.True(state.HasGauss);
        var copy = RandomState.FromParts(state.Key, state.Position, state.HasGauss, state.CachedGauss);
        return copy.Equals(state) &&
            copy.Normal(0.0, 1.0, 3).Values.SequenceEqual(state.Normal(0.0, 1.0, 3).Values) &&
            copy.RandomSample(n).Values.SequenceEqual(state.RandomSample(n).Values) &&
            copy.Permutation(n).Values.SequenceEqual(state.Permutation(n).Values);
    });

    [Property(MaxTest = 40)]
    public Property UniformAndNormalAreAffineInTheirUnitDraws() => Prop.ForAll(Seeds, seed =>
    {
        // uniform(lo, hi) = lo + (hi - lo) * random_sample and normal(loc, scale) = loc + scale * gauss, draw for draw.
        var state = RandomState.Seed(seed);
        double[] u = state.RandomSample(20).Values, g = state.Normal(0.0, 1.0, 20).Values;
        double[] uniform = state.Uniform(-5.0, 5.0, 20).Values, normal = state.Normal(3.0, 10.0, 20).Values;
        return Enumerable.Range(0, 20).All(i => uniform[i] == -5.0 + 10.0 * u[i] && normal[i] == 3.0 + 10.0 * g[i]);
    });

    [Property(MaxTest = 40)]
    public Property PermutationIsAPermutation() => Prop.ForAll(Seeds, Counts, (seed, n) =>
        RandomState.Seed(seed).Permutation(n).Values.Order().SequenceEqual(Enumerable.Range(0, n)));

    [Property(MaxTest = 40)]
    public Property RandomSampleLiesInTheUnitInterval() => Prop.ForAll(Seeds, seed =>
        RandomState.Seed(seed).RandomSample(500).Values.All(v => v >= 0.0 && v < 1.0));

    [Fact]
    public void FromPartsRejectsBadParts()
    {
        var key = RandomState.Seed(1).Key;
        Assert.Throws<ArgumentException>(() => RandomState.FromParts(key.RemoveAt(0), 0, false, 0.0));
        Assert.Throws<ArgumentException>(() => RandomState.FromParts(key, 625, false, 0.0));
        Assert.Throws<ArgumentException>(() => RandomState.FromParts(key, -1, false, 0.0));
    }

    [Fact]
    public void KeyIsACopy()
    {
        var state = RandomState.Seed(7);
        var key = state.Key.ToBuilder();
        key[0] ^= 1;
        Assert.Equal(RandomState.Seed(7), state);
    }
}
