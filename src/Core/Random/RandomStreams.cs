using System.Diagnostics.Contracts;

namespace Functional.Core.Random;

/// <summary>What a keyed random stream is used for; each purpose draws from its own generator.</summary>
public enum StreamPurpose
{
    /// <summary>Initial weights and biases.</summary>
    Initialization = 1,

    /// <summary>The order of samples in one epoch.</summary>
    Shuffle = 2,

    /// <summary>The train/validation split.</summary>
    Split = 3,

    /// <summary>Synthetic data generated for a run.</summary>
    Data = 4,
}

/// <summary>
/// Keyed random streams: a generator derived from (run seed, purpose, index) alone, so that, for
/// example, the shuffle of epoch e can be drawn without replaying epochs 0..e-1.
/// </summary>
public static class RandomStreams
{
    /// <summary>
    /// Returns the generator for (<paramref name="seed"/>, <paramref name="purpose"/>,
    /// <paramref name="index"/>): MT19937 seeded by <c>init_by_array</c> with the words
    /// [seed low, seed high, purpose, index low, index high].
    /// </summary>
    [Pure]
    public static RandomState For(long seed, StreamPurpose purpose, long index = 0)
    {
        ulong s = unchecked((ulong)seed);
        ulong i = unchecked((ulong)index);
        ReadOnlySpan<uint> words = [(uint)s, (uint)(s >> 32), (uint)purpose, (uint)i, (uint)(i >> 32)];
        return RandomState.SeedByArray(words);
    }

    /// <summary>
    /// Writes <c>For(seed, purpose, index).Permutation(values.Length).Values</c> into
    /// <paramref name="values"/>, with <paramref name="key"/> (624 words, owned by the caller) as working memory.
    /// </summary>
    internal static void PermutationInPlace(long seed, StreamPurpose purpose, long index, uint[] key, Span<int> values)
    {
        ulong s = unchecked((ulong)seed);
        ulong i = unchecked((ulong)index);
        ReadOnlySpan<uint> words = [(uint)s, (uint)(s >> 32), (uint)purpose, (uint)i, (uint)(i >> 32)];
        RandomState.PermutationInPlace(words, key, values);
    }
}
