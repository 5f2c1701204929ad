using System.Diagnostics.Contracts;

namespace Functional.Core.Random;

// PyTorch's CPU generator is the same MT19937 with the same init_genrand seeding; only the draws built on
// its words differ from NumPy's. Recipes as checked against PyTorch 1.13 (docs/parity.md).
public sealed partial class RandomState
{
    /// <summary>
    /// Returns the state after <c>torch.manual_seed(seed)</c>: MT19937 <c>init_genrand</c> of the seed's low 32
    /// bits (PyTorch takes any seed in [-2^63, 2^64) and keeps its low word; a negative seed is read as its
    /// two's complement).
    /// </summary>
    [Pure]
    public static RandomState TorchManualSeed(long seed) => Seed(unchecked((uint)seed));

    /// <summary>
    /// Draws <paramref name="count"/> float32 values as PyTorch's <c>tensor.uniform_(low, high)</c> on a float32
    /// CPU tensor: for each element one 32-bit word u, x = (u &amp; 0xFFFFFF)·2^-24, value = x·(hi − lo) + lo
    /// with lo = (float)low, hi = (float)high, hi − lo in float32 and the multiply-add rounded once.
    /// </summary>
    /// <returns>The draws, in order, and the generator's next state.</returns>
    [Pure]
    public (float[] Values, RandomState Next) TorchUniform(double low, double high, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        float lo = (float)low, hi = (float)high;
        float range = hi - lo;
        var g = new Mt19937(this);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = TorchUniformFloat(g.NextUInt32(), range, lo);
        }

        return (values, g.ToState());
    }

    /// <summary>
    /// Returns <c>torch.randperm(n)</c> drawn from this generator (PyTorch's CPU algorithm: start from 0..n-1;
    /// for i = 0 .. n-2 draw one word z, swap elements i and i + z mod (n − i)), and the next state.
    /// </summary>
    [Pure]
    public (int[] Values, RandomState Next) TorchRandPerm(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var values = new int[n];
        var g = new Mt19937(this);
        TorchRandPerm(ref g, values);
        return (values, g.ToState());
    }

    /// <summary>
    /// Draws PyTorch's <c>random64()</c>: two words, the first the high half. Returns the value and the next state.
    /// </summary>
    [Pure]
    public (ulong Value, RandomState Next) TorchRandom64()
    {
        var g = new Mt19937(this);
        ulong value = NextRandom64(ref g);
        return (value, g.ToState());
    }

    /// <summary>Returns the state <paramref name="words"/> 32-bit outputs further on.</summary>
    [Pure]
    public RandomState Skip(long words)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(words);
        var g = new Mt19937(this);
        g.Skip(words);
        return g.ToState();
    }

    /// <summary>
    /// The order in which <c>DataLoader(shuffle=True)</c> visits <paramref name="values"/>.Length samples in one
    /// epoch: two <c>random64()</c> draws (the loader's base seed, then the
    /// sampler's seed), and <c>randperm</c> from a fresh generator seeded with the second. The global generator
    /// is a working copy owned by the caller (<paramref name="globalKey"/>, <paramref name="globalPosition"/>),
    /// advanced by the four words; the order is written into <paramref name="values"/> with
    /// <paramref name="key"/> (624 words, owned by the caller) as the sampler generator's memory.
    /// </summary>
    internal static void TorchShuffleInPlace(uint[] globalKey, ref int globalPosition, uint[] key, Span<int> values)
    {
        var global = new Mt19937(globalKey, globalPosition);
        global.NextUInt32();
        global.NextUInt32();
        global.NextUInt32();
        // The sampler's seed is that random64 mod 2^63; manual_seed keeps its low word, the fourth word drawn.
        uint samplerSeed = global.NextUInt32();
        globalPosition = global.Position;
        // The sampler generator is used for this permutation alone: seeded as far as its draws read, twisted
        // as it draws (RandomState.OneShot.cs).
        int draws = Math.Max(values.Length - 1, 0);
        FillSeedPrefix(key, samplerSeed, SeedPrefix(draws));
        var sampler = new OneShotMt19937(key);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i;
        }

        for (int i = 0; i < draws; i++)
        {
            int z = (int)(sampler.NextUInt32() % (uint)(values.Length - i));
            (values[i], values[i + z]) = (values[i + z], values[i]);
        }
    }

    /// <summary>Advances a working copy of a generator (owned by the caller) by <paramref name="words"/> words.</summary>
    internal static void SkipInPlace(uint[] key, ref int position, long words)
    {
        var g = new Mt19937(key, position);
        g.Skip(words);
        position = g.Position;
    }

    /// <summary>Copies this state's words into <paramref name="key"/> (624 words) and returns its position.</summary>
    internal int CopyTo(uint[] key)
    {
        this.key.AsSpan().CopyTo(key);
        return Position;
    }

    // PyTorch's uniform_real for float: 24 random bits scaled exactly, then one fused multiply-add.
    internal static float TorchUniformFloat(uint word, float range, float low) =>
        MathF.FusedMultiplyAdd((word & 0xFFFFFFu) * (1.0f / 16777216.0f), range, low);

    private static ulong NextRandom64(ref Mt19937 g)
    {
        ulong high = g.NextUInt32();
        ulong low = g.NextUInt32();
        return (high << 32) | low;
    }

    private static void TorchRandPerm(ref Mt19937 g, Span<int> values)
    {
        int n = values.Length;
        for (int i = 0; i < n; i++)
        {
            values[i] = i;
        }

        for (int i = 0; i < n - 1; i++)
        {
            int z = (int)(g.NextUInt32() % (uint)(n - i));
            (values[i], values[i + z]) = (values[i + z], values[i]);
        }
    }
}
