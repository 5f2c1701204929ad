using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Runtime.CompilerServices;

namespace Functional.Core.Random;

/// <summary>
/// An immutable snapshot of NumPy's legacy <c>RandomState</c> generator: MT19937 with the classic
/// <c>init_genrand</c> seeding, 53-bit doubles from two 32-bit outputs, and Gaussian draws by the
/// Marsaglia polar method with NumPy's cached second value.
/// </summary>
/// <remarks>
/// Every draw returns the values together with the generator's next state; the receiver is never
/// changed, so a state can be kept, replayed or serialised. Draw many values per call: each call copies
/// the 624-word state once.
/// </remarks>
public sealed partial class RandomState : IEquatable<RandomState>
{
    internal const int StateLength = 624;

    private readonly uint[] key;

    private RandomState(uint[] key, int position, bool hasGauss, double gauss)
    {
        this.key = key;
        Position = position;
        HasGauss = hasGauss;
        CachedGauss = hasGauss ? gauss : 0.0;
    }

    /// <summary>The 624-word MT19937 key (a copy).</summary>
    public ImmutableArray<uint> Key => ImmutableArray.Create(key);

    /// <summary>Index of the next word to be used, 0 to 624 (624 means a twist is due).</summary>
    public int Position { get; }

    /// <summary>Whether a second Gaussian value from the polar method is cached.</summary>
    public bool HasGauss { get; }

    /// <summary>The cached Gaussian value (0 when <see cref="HasGauss"/> is false).</summary>
    public double CachedGauss { get; }

    /// <summary>Returns the state after <c>np.random.seed(seed)</c> (MT19937 <c>init_genrand</c>).</summary>
    [Pure]
    public static RandomState Seed(uint seed)
    {
        var mt = new uint[StateLength];
        FillSeed(mt, seed);
        return new RandomState(mt, StateLength, false, 0.0);
    }

    // MT19937 init_genrand into a caller-owned key.
    private static void FillSeed(uint[] mt, uint seed) => FillSeedPrefix(mt, seed, StateLength);

    /// <summary>
    /// Returns the state after MT19937 <c>init_by_array(words)</c>, the seeding NumPy uses for array
    /// seeds and CPython's <c>random.seed</c> uses for integers. Used to derive keyed streams.
    /// </summary>
    [Pure]
    public static RandomState SeedByArray(ReadOnlySpan<uint> words)
    {
        if (words.Length == 0)
        {
            throw new ArgumentException("init_by_array needs at least one word.", nameof(words));
        }

        var mt = (uint[])InitByArrayStart.Clone();
        InitByArray(mt, words);
        return new RandomState(mt, StateLength, false, 0.0);
    }

    /// <summary>
    /// Writes NumPy's legacy <c>permutation(values.Length)</c> drawn from the state after
    /// <c>init_by_array(words)</c> into <paramref name="values"/>, using <paramref name="key"/> (624 words,
    /// owned by the caller) as the generator's working memory: the InPlace form of
    /// <c>SeedByArray(words).Permutation(n).Values</c>, with the same result and no allocation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PermutationInPlace(ReadOnlySpan<uint> words, uint[] key, Span<int> values)
    {
        InitByArrayStart.AsSpan().CopyTo(key);
        InitByArray(key, words);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i;
        }

        // Used for this permutation alone, so it twists as it draws (RandomState.OneShot.cs).
        var g = new OneShotMt19937(key);
        for (int i = values.Length - 1; i >= 1; i--)
        {
            int j = (int)g.NextInterval((uint)i, IntervalMask((uint)i));
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    // The key after init_genrand(19650218), where every init_by_array starts (never written).
    private static readonly uint[] InitByArrayStart = Seed(19650218u).key;

    // MT19937 init_by_array's two mixing passes over a key that starts as InitByArrayStart.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InitByArray(uint[] mt, ReadOnlySpan<uint> words)
    {
        // PERF: the previous word is carried in a register rather than read back from the array it was just
        // stored to, and the key word is added in one go (addition mod 2^32 is associative), which shortens
        // the loop's dependency chain; the words computed are the same.
        int i = 1, j = 0;
        uint previous = mt[0];
        for (int k = Math.Max(StateLength, words.Length); k > 0; k--)
        {
            previous = (mt[i] ^ ((previous ^ (previous >> 30)) * 1664525u)) + (words[j] + (uint)j);
            mt[i] = previous;
            i++;
            j++;
            if (i >= StateLength)
            {
                mt[0] = previous;
                i = 1;
            }

            if (j >= words.Length)
            {
                j = 0;
            }
        }

        for (int k = StateLength - 1; k > 0; k--)
        {
            previous = (mt[i] ^ ((previous ^ (previous >> 30)) * 1566083941u)) - (uint)i;
            mt[i] = previous;
            i++;
            if (i >= StateLength)
            {
                mt[0] = previous;
                i = 1;
            }
        }

        mt[0] = 0x80000000u;
    }

    /// <summary>
    /// Rebuilds a state from its parts (as saved by a checkpoint). Throws <see cref="ArgumentException"/>
    /// when the key does not have 624 words or the position is outside 0..624.
    /// </summary>
    [Pure]
    public static RandomState FromParts(IReadOnlyList<uint> key, int position, bool hasGauss, double cachedGauss)
    {
        if (key.Count != StateLength)
        {
            throw new ArgumentException($"An MT19937 key has {StateLength} words, not {key.Count}.", nameof(key));
        }

        if (position is < 0 or > StateLength)
        {
            throw new ArgumentException($"An MT19937 position lies in 0..{StateLength}, not {position}.", nameof(position));
        }

        return new RandomState(key.ToArray(), position, hasGauss, cachedGauss);
    }

    /// <summary>Draws <paramref name="count"/> doubles in [0, 1) as <c>np.random.random_sample</c>.</summary>
    /// <returns>The draws, in order, and the generator's next state.</returns>
    [Pure]
    public (double[] Values, RandomState Next) RandomSample(int count) =>
        Draw(count, static (ref Mt19937 g) => g.NextDouble());

    /// <summary>Draws <paramref name="count"/> values from U[low, high) as <c>np.random.uniform</c>.</summary>
    /// <returns>The draws, in order, and the generator's next state.</returns>
    [Pure]
    public (double[] Values, RandomState Next) Uniform(double low, double high, int count)
    {
        double range = high - low;
        return Draw(count, (ref Mt19937 g) => low + range * g.NextDouble());
    }

    /// <summary>Draws <paramref name="count"/> values from N(loc, scale²) as <c>np.random.normal</c>.</summary>
    /// <returns>The draws, in order, and the generator's next state.</returns>
    [Pure]
    public (double[] Values, RandomState Next) Normal(double loc, double scale, int count) =>
        Draw(count, (ref Mt19937 g) => loc + scale * g.NextGauss());

    /// <summary>
    /// Returns a permutation of 0..n-1 as <c>np.random.permutation(n)</c> (legacy Fisher-Yates with
    /// masked rejection sampling), and the generator's next state.
    /// </summary>
    [Pure]
    public (int[] Values, RandomState Next) Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var values = new int[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = i;
        }

        var g = new Mt19937(this);
        for (int i = n - 1; i >= 1; i--)
        {
            int j = (int)g.NextInterval((uint)i);
            (values[i], values[j]) = (values[j], values[i]);
        }

        return (values, g.ToState());
    }

    /// <summary>Draws raw 32-bit outputs (<c>genrand_int32</c>), and returns the next state.</summary>
    [Pure]
    public (uint[] Values, RandomState Next) NextUInt32(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var g = new Mt19937(this);
        var values = new uint[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = g.NextUInt32();
        }

        return (values, g.ToState());
    }

    private delegate double Sampler(ref Mt19937 generator);

    private (double[] Values, RandomState Next) Draw(int count, Sampler sample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var g = new Mt19937(this);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = sample(ref g);
        }

        return (values, g.ToState());
    }

    /// <inheritdoc />
    public bool Equals(RandomState? other) =>
        other is not null && Position == other.Position && HasGauss == other.HasGauss &&
        CachedGauss.Equals(other.CachedGauss) && key.AsSpan().SequenceEqual(other.key);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RandomState);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Position, HasGauss, key[0], key[StateLength - 1]);

    // MT19937's tempering of a state word into an output word.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Temper(uint y)
    {
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        return y ^ (y >> 18);
    }

    // NumPy random_interval's mask: the smallest all-ones word covering max.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint IntervalMask(uint max)
    {
        max |= max >> 1;
        max |= max >> 2;
        max |= max >> 4;
        max |= max >> 8;
        return max | (max >> 16);
    }

    /// <summary>
    /// The working generator: a private copy of a state's words that one call mutates and then freezes
    /// into a new <see cref="RandomState"/>. It never escapes the call that made it.
    /// </summary>
    private struct Mt19937
    {
        private readonly uint[] mt;
        private int position;
        private bool hasGauss;
        private double gauss;

        // Works directly on the caller's words (PermutationInPlace): they are the generator's memory.
        public Mt19937(uint[] key, int position)
        {
            mt = key;
            this.position = position;
            hasGauss = false;
            gauss = 0.0;
        }

        public Mt19937(RandomState state)
        {
            mt = (uint[])state.key.Clone();
            position = state.Position;
            hasGauss = state.HasGauss;
            gauss = state.CachedGauss;
        }

        public readonly RandomState ToState() => new(mt, position, hasGauss, gauss);

        public readonly int Position => position;

        // Advances by `words` outputs, as many NextUInt32 calls would: twists as they fall due, no tempering.
        public void Skip(long words)
        {
            while (words > 0)
            {
                if (position >= StateLength)
                {
                    Twist();
                }

                int take = (int)Math.Min(StateLength - position, words);
                position += take;
                words -= take;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public uint NextUInt32()
        {
            if (position >= StateLength)
            {
                Twist();
            }

            return Temper(mt[position++]);
        }

        // NumPy legacy random_sample / CPython random.random: 53 bits from two words.
        public double NextDouble()
        {
            uint a = NextUInt32() >> 5;
            uint b = NextUInt32() >> 6;
            return (a * 67108864.0 + b) / 9007199254740992.0;
        }

        // NumPy legacy_gauss: Marsaglia polar method, returns f*x2 and caches f*x1.
        public double NextGauss()
        {
            if (hasGauss)
            {
                hasGauss = false;
                double cached = gauss;
                gauss = 0.0;
                return cached;
            }

            double x1, x2, r2;
            do
            {
                x1 = 2.0 * NextDouble() - 1.0;
                x2 = 2.0 * NextDouble() - 1.0;
                r2 = x1 * x1 + x2 * x2;
            }
            while (r2 >= 1.0 || r2 == 0.0);

            double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
            gauss = f * x1;
            hasGauss = true;
            return f * x2;
        }

        // NumPy random_interval: smallest all-ones mask covering max, rejection on the masked word.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public uint NextInterval(uint max)
        {
            if (max == 0)
            {
                return 0;
            }

            uint mask = IntervalMask(max);
            uint value;
            while ((value = NextUInt32() & mask) > max)
            {
            }

            return value;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Twist()
        {
            const uint upper = 0x80000000u, lower = 0x7fffffffu, matrixA = 0x9908b0dfu;
            int k;
            for (k = 0; k < StateLength - 397; k++)
            {
                uint y = (mt[k] & upper) | (mt[k + 1] & lower);
                mt[k] = mt[k + 397] ^ (y >> 1) ^ ((y & 1u) * matrixA);
            }

            for (; k < StateLength - 1; k++)
            {
                uint y = (mt[k] & upper) | (mt[k + 1] & lower);
                mt[k] = mt[k + (397 - StateLength)] ^ (y >> 1) ^ ((y & 1u) * matrixA);
            }

            uint last = (mt[StateLength - 1] & upper) | (mt[0] & lower);
            mt[StateLength - 1] = mt[396] ^ (last >> 1) ^ ((last & 1u) * matrixA);
            position = 0;
        }
    }
}
