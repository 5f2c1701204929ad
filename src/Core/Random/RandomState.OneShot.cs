using System.Runtime.CompilerServices;

namespace Functional.Core.Random;

// The generators an epoch's order draws from are seeded, used for one permutation and dropped. Two shortcuts
// give the same words as the full generator for such a one-shot use:
// - MT19937 twists its 624 words at once before the first draw, but word i of the next generation depends only
//   on words i and i + 1 of the current one and on word i + 397 (mod 624, already of the next generation when
//   i >= 227). Twisting each word just before it is drawn therefore yields the same sequence, and a permutation
//   of 100 samples twists 99 words rather than 624.
// - init_genrand fills the words one after the other; the first d draws (d <= 227) read words 0..d and
//   397..396 + d only, so the filling can stop there.
// The key is left in a state no full generator has, which is why only these in-place, throw-away paths use it.
public sealed partial class RandomState
{
    private const int TwistOffset = 397;

    // The first d words that a generator seeded by init_genrand draws (d <= 227) read only words 0..(396 + d):
    // the prefix worth filling for a one-shot use of d draws.
    private static int SeedPrefix(int draws) => draws <= StateLength - TwistOffset ? TwistOffset + draws : StateLength;

    // MT19937 init_genrand of the first `count` words only.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillSeedPrefix(uint[] mt, uint seed, int count)
    {
        uint previous = seed;
        mt[0] = previous;
        for (uint i = 1; i < (uint)count; i++)
        {
            previous = 1812433253u * (previous ^ (previous >> 30)) + i;
            mt[i] = previous;
        }
    }

    /// <summary>
    /// A generator over a freshly seeded key (position 624: its first twist due) that twists each word just
    /// before drawing it. Draws the same words as <see cref="Mt19937"/> from that key; the key is left half
    /// twisted, so it must not be read as a generator state afterwards.
    /// </summary>
    private struct OneShotMt19937(uint[] key)
    {
        private readonly uint[] mt = key;
        private int position;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint NextUInt32()
        {
            const uint upper = 0x80000000u, lower = 0x7fffffffu, matrixA = 0x9908b0dfu;
            int i = position;
            int next = i == StateLength - 1 ? 0 : i + 1;
            uint y = (mt[i] & upper) | (mt[next] & lower);
            uint word = mt[i < StateLength - TwistOffset ? i + TwistOffset : i - (StateLength - TwistOffset)] ^ (y >> 1) ^ ((y & 1u) * matrixA);
            mt[i] = word;
            position = next;
            return Temper(word);
        }

        // NumPy random_interval, as Mt19937.NextInterval.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint NextInterval(uint max, uint mask)
        {
            uint value;
            while ((value = NextUInt32() & mask) > max)
            {
            }

            return value;
        }
    }
}
