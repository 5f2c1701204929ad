using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Random;

namespace Functional.Properties.Tests.Random;

/// <summary>Keyed streams: a generator per (seed, purpose, index), the same key always the same stream.</summary>
public class RandomStreamsTests
{
    private static readonly Arbitrary<long> Keys = Gen.Choose(-1000, 1000).Select(i => (long)i * 7919).ToArbitrary();
    private static readonly Arbitrary<StreamPurpose> Purposes = Gen.Elements(Enum.GetValues<StreamPurpose>()).ToArbitrary();

    [Fact]
    public void StreamMatchesCPythonInitByArray()
    {
        // For(42, Shuffle, 2^32) seeds init_by_array with the words [42, 0, 2, 0, 1]; CPython's
        // random.seed(1 << 128 | 2 << 64 | 42) does the same, so its getrandbits(32) gives the raw words:
        // random.Random(1 << 128 | 2 << 64 | 42); [r.getrandbits(32) for _ in range(5)].
        var (words, _) = RandomStreams.For(42, StreamPurpose.Shuffle, 1L << 32).NextUInt32(5);
        Assert.Equal(new uint[] { 3576578363, 3834909366, 2364847056, 1879295951, 472058612 }, words);
    }

    [Fact]
    public void StreamWithTrailingZeroWordsMatchesAPythonInitByArray()
    {
        // CPython drops high zero words of an int seed, so these were derived with a Python transcription of
        // init_by_array (checked against random.seed on the case above): words [42, 0, 1, 0, 0].
        var (words, _) = RandomStreams.For(42, StreamPurpose.Initialization, 0).NextUInt32(3);
        Assert.Equal(new uint[] { 2703651285, 3083467167, 3060965660 }, words);
    }

    [Fact]
    public void NegativeSeedsUseTheTwosComplementWords()
    {
        // -1 becomes the words 0xffffffff, 0xffffffff.
        Assert.Equal(
            RandomState.SeedByArray([0xffffffffu, 0xffffffffu, 1u, 7u, 0u]),
            RandomStreams.For(-1, StreamPurpose.Initialization, 7));
    }

    [Property(MaxTest = 50)]
    public Property SameKeySameStream() => Prop.ForAll(Keys, Purposes, Keys, (seed, purpose, index) =>
        RandomStreams.For(seed, purpose, index).Equals(RandomStreams.For(seed, purpose, index)) &&
        RandomStreams.For(seed, purpose, index).RandomSample(5).Values
            .SequenceEqual(RandomStreams.For(seed, purpose, index).RandomSample(5).Values));

    [Property(MaxTest = 50)]
    public Property DifferentKeysDifferentStreams() => Prop.ForAll(Keys, Purposes, Keys, (seed, purpose, index) =>
    {
        double[] Draw(long s, StreamPurpose p, long i) => RandomStreams.For(s, p, i).RandomSample(4).Values;
        var other = purpose == StreamPurpose.Shuffle ? StreamPurpose.Split : StreamPurpose.Shuffle;
        double[] first = Draw(seed, purpose, index);
        return !first.SequenceEqual(Draw(seed + 1, purpose, index)) &&
            !first.SequenceEqual(Draw(seed, other, index)) &&
            !first.SequenceEqual(Draw(seed, purpose, index + 1)) &&
            (seed == index || !first.SequenceEqual(Draw(index, purpose, seed)));
    });
}
