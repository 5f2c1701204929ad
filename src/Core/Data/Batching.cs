using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Globalization;
using Functional.Core.Random;

namespace Functional.Core.Data;

/// <summary>
/// How an epoch is cut into mini-batches, as PyTorch's <c>DataLoader(batch_size, shuffle, drop_last)</c>.
/// </summary>
/// <param name="BatchSize">Samples per batch, at least 1; a size of n or more gives the whole data set as one batch.</param>
/// <param name="Shuffle">Whether each epoch visits the samples in a fresh seeded order (otherwise in data order).</param>
/// <param name="DropLast">Whether a last batch smaller than <paramref name="BatchSize"/> is dropped.</param>
public sealed record BatchOptions(int BatchSize, bool Shuffle = true, bool DropLast = false)
{
    /// <summary>The tutorial's loader: batches of 25, reshuffled every epoch, the last batch kept.</summary>
    public static BatchOptions Tutorial { get; } = new(25);

    /// <summary>
    /// Parses a batch size as a host gives it: a whole number ≥ 1, or <c>all</c> for the whole data set in one
    /// batch (<see cref="int.MaxValue"/>, which batching caps to n). Returns the size. Throws
    /// <see cref="FormatException"/> starting with the offending text, e.g. <c>0: must be at least 1 (or 'all')</c>.
    /// </summary>
    [Pure]
    public static int ParseSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.Equals(text.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return int.MaxValue;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int size))
        {
            throw new FormatException($"'{text}': expected a whole number or 'all'");
        }

        return size >= 1 ? size : throw new FormatException($"{size}: must be at least 1 (or 'all')");
    }
}

/// <summary>
/// Pure, seeded mini-batching. The order of epoch e is drawn from
/// <c>RandomStreams.For(seed, StreamPurpose.Shuffle, e)</c>, so it depends only on (seed, e): any epoch can
/// be produced without replaying the ones before it, which makes a resumed run shuffle exactly as an
/// uninterrupted one.
/// </summary>
public static class Batching
{
    /// <summary>
    /// Returns the seeded permutation of 0..count-1 for <paramref name="epoch"/>: NumPy's legacy
    /// <c>permutation(count)</c> drawn from <c>RandomStreams.For(seed, StreamPurpose.Shuffle, epoch)</c>.
    /// A fresh array on every call.
    /// </summary>
    [Pure]
    public static int[] Permutation(int count, long seed, long epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return RandomStreams.For(seed, StreamPurpose.Shuffle, epoch).Permutation(count).Values;
    }

    /// <summary>
    /// Returns the order in which epoch <paramref name="epoch"/> visits the samples: the seeded
    /// <see cref="Permutation"/> when <paramref name="shuffle"/> is set, else 0..count-1.
    /// </summary>
    [Pure]
    public static int[] EpochOrder(int count, bool shuffle, long seed, long epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (shuffle)
        {
            return Permutation(count, seed, epoch);
        }

        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        return order;
    }

    /// <summary>
    /// Writes <see cref="EpochOrder"/>(order.Length, shuffle, seed, epoch) into <paramref name="order"/>, with
    /// <paramref name="key"/> (624 words, owned by the caller) as the generator's working memory: the
    /// allocation-free form the training fold uses.
    /// </summary>
    internal static void EpochOrderInPlace(Span<int> order, bool shuffle, long seed, long epoch, uint[] key)
    {
        if (shuffle)
        {
            RandomStreams.PermutationInPlace(seed, StreamPurpose.Shuffle, epoch, key, order);
            return;
        }

        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
    }

    /// <summary>
    /// Returns how many batches an epoch of <paramref name="count"/> samples has: ceil(count / size), or
    /// floor(count / size) with drop-last (so 0 when the batch size exceeds the count, as in PyTorch).
    /// </summary>
    [Pure]
    public static int BatchCount(int count, BatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Validate(options);
        // Written without count + size - 1, which overflows for a batch size of int.MaxValue ('all').
        int full = count / options.BatchSize;
        return options.DropLast || count % options.BatchSize == 0 ? full : full + 1;
    }

    /// <summary>
    /// Returns the sample indices of each batch of <paramref name="epoch"/>, in batch order: consecutive
    /// slices of <see cref="EpochOrder"/> of length BatchSize, the last one shorter unless dropped. This is
    /// index-based batching for a training loop that gathers rows itself.
    /// </summary>
    [Pure]
    public static ImmutableArray<int[]> BatchIndices(int count, BatchOptions options, long seed, long epoch)
    {
        int batches = BatchCount(count, options);
        int[] order = EpochOrder(count, options.Shuffle, seed, epoch);
        var result = ImmutableArray.CreateBuilder<int[]>(batches);
        for (int b = 0; b < batches; b++)
        {
            int start = b * options.BatchSize;
            int length = Math.Min(options.BatchSize, count - start);
            result.Add(order.AsSpan(start, length).ToArray());
        }

        return result.MoveToImmutable();
    }

    /// <summary>
    /// Returns the batches of <paramref name="epoch"/> as data sets with fresh matrices: batch b holds the
    /// samples <c>BatchIndices(...)[b]</c>, with X of shape (size_b, inputs) and Y of shape (size_b, outputs).
    /// Throws <see cref="ArgumentOutOfRangeException"/> when the batch size is below 1.
    /// </summary>
    [Pure]
    public static ImmutableArray<Dataset> Batches(Dataset data, BatchOptions options, long seed, long epoch)
    {
        ArgumentNullException.ThrowIfNull(data);
        var indices = BatchIndices(data.Count, options, seed, epoch);
        var result = ImmutableArray.CreateBuilder<Dataset>(indices.Length);
        foreach (int[] batch in indices)
        {
            result.Add(data.Rows(batch));
        }

        return result.MoveToImmutable();
    }

    /// <summary>
    /// Returns the batches of one epoch that visits the samples in <paramref name="order"/>: consecutive slices
    /// of length BatchSize (the last one shorter unless dropped), as data sets with fresh matrices.
    /// </summary>
    [Pure]
    internal static ImmutableArray<Dataset> Batches(Dataset data, BatchOptions options, ReadOnlySpan<int> order)
    {
        int batches = BatchCount(order.Length, options);
        var result = ImmutableArray.CreateBuilder<Dataset>(batches);
        for (int b = 0; b < batches; b++)
        {
            int start = b * options.BatchSize;
            result.Add(data.Rows(order.Slice(start, Math.Min(options.BatchSize, order.Length - start))));
        }

        return result.MoveToImmutable();
    }

    /// <summary>
    /// Returns the order of one epoch of <c>DataLoader(batch_size, shuffle)</c> over <paramref name="count"/>
    /// samples drawn from PyTorch's global generator <paramref name="generator"/>: with shuffle two
    /// <c>random64()</c> (the loader's base seed, then the sampler's seed) and <c>randperm(count)</c> from a
    /// generator seeded with the second; without, one <c>random64()</c> and 0..count-1. Returns the order and
    /// the global generator after the epoch's draws.
    /// </summary>
    [Pure]
    public static (int[] Order, RandomState Next) TorchEpochOrder(RandomState generator, int count, bool shuffle)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!shuffle)
        {
            return (EpochOrder(count, false, 0, 0), generator.Skip(2));
        }

        var (_, afterBase) = generator.TorchRandom64();
        var (samplerSeed, next) = afterBase.TorchRandom64();
        return (RandomState.TorchManualSeed((long)(samplerSeed % (1UL << 63))).TorchRandPerm(count).Values, next);
    }

    private static void Validate(BatchOptions options)
    {
        if (options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "the batch size must be at least 1");
        }
    }
}
