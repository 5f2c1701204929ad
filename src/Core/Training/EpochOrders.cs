using Functional.Core.Data;
using Functional.Core.Random;

namespace Functional.Core.Training;

/// <summary>
/// The order of each epoch of one run, for the engines: a working copy of the run's generator that advances
/// epoch by epoch (repositioned from the config when an epoch is asked for out of turn). Owned by one engine
/// and never handed out.
/// </summary>
/// <remarks>
/// PERF: an epoch's order depends on the config and the epoch alone, never on the training, so while the
/// engine trains one block of epochs the orders of the next block are drawn on another core (with one
/// core, or a short run, they are drawn in turn). Either way each order is the same pure function's value:
/// the blocks run the same in-place draws as <see cref="FillInPlace"/>, from a copy of the generator.
/// </remarks>
internal sealed class EpochOrders
{
    // About this many indices per block (64 KiB), and at most this many epochs: a block of the tutorial's
    // 100 samples is 128 epochs, about a quarter of a millisecond of drawing.
    private const int BlockIndices = 16_384;
    private const int MaxBlockEpochs = 128;

    private readonly TrainingConfig config;
    private readonly long wordsBeforeEpochs;
    private readonly bool prefetch;
    private readonly uint[] global = new uint[624];
    private readonly uint[] sampler = new uint[624];
    private int position;
    private int nextEpoch = -1;

    // The block being served, and the one being drawn after it (null when none is under way): its first
    // epoch, and its size, which doubles from block to block so that the first one is soon ready.
    private OrderBlock? current;
    private Task<OrderBlock>? pending;
    private int pendingFirst;
    private int pendingEpochs;

    /// <param name="config">The run.</param>
    /// <param name="sampleCount">Samples in the whole data set (before any split).</param>
    /// <param name="drawAhead">Whether to draw blocks ahead on another thread; by default when there are several cores.</param>
    public EpochOrders(TrainingConfig config, int sampleCount, bool? drawAhead = null)
    {
        this.config = config;
        wordsBeforeEpochs = config.Random == RandomSource.Torch ? RunDraws.TorchWordsBeforeEpochs(config, sampleCount) : 0;
        prefetch = config.Batches.Shuffle && (drawAhead ?? Environment.ProcessorCount > 1);
    }

    /// <summary>Writes the order in which epoch <paramref name="epoch"/> (0-based) visits the training samples.</summary>
    public void FillInPlace(int epoch, Span<int> order)
    {
        if (prefetch && TryTakeDrawn(epoch, order))
        {
            return;
        }

        Draw(epoch, order);
        if (prefetch)
        {
            pendingEpochs = 0;
            StartBlock(epoch + 1, order.Length, (uint[])global.Clone(), position, reuse: null);
        }
    }

    /// <summary>Returns the order of epoch <paramref name="epoch"/> as a fresh array of <paramref name="count"/> indices.</summary>
    public int[] Order(int epoch, int count)
    {
        var order = new int[count];
        FillInPlace(epoch, order);
        return order;
    }

    // The order of `epoch` from the block being served or the one drawn after it, if either holds it.
    private bool TryTakeDrawn(int epoch, Span<int> order)
    {
        if (current is null || !current.Holds(epoch, order.Length))
        {
            if (pending is null || epoch != pendingFirst)
            {
                current = null;
                pending = null;
                return false;
            }

            // Waits only when drawing is slower than training; a block not yet started runs on this thread.
            var served = current;
            current = pending.Result;
            pending = null;
            if (!current.Holds(epoch, order.Length))
            {
                current = null;
                return false;
            }

            // The generator's words pass from block to block, and the block just served lends its arrays to
            // the next one: a run allocates a few blocks, not one per block of epochs.
            StartBlock(current.After, order.Length, current.GlobalAfter, current.PositionAfter, served);
        }

        current.CopyTo(epoch, order);
        // The working generator no longer stands after the epoch before, so a direct draw repositions it.
        nextEpoch = -1;
        return true;
    }

    // Starts drawing epochs from `first` on, unless the run ends before.
    private void StartBlock(int first, int length, uint[] globalAt, int positionAt, OrderBlock? reuse)
    {
        int largest = Math.Clamp(BlockIndices / Math.Max(length, 1), 1, MaxBlockEpochs);
        int epochs = Math.Min(Math.Clamp(pendingEpochs * 2, 1, largest), config.Epochs - first);
        if (epochs <= 0)
        {
            return;
        }

        pendingFirst = first;
        pendingEpochs = epochs;
        pending = Task.Run(() => OrderBlock.Draw(this, first, epochs, length, globalAt, positionAt, reuse));
    }

    // One epoch's order drawn in turn from this object's working generator.
    private void Draw(int epoch, Span<int> order)
    {
        if (config.Random == RandomSource.Keyed)
        {
            Batching.EpochOrderInPlace(order, config.Batches.Shuffle, config.Seed, epoch, sampler);
            return;
        }

        int perEpoch = RunDraws.TorchWordsPerEpoch(config.Batches.Shuffle);
        if (epoch != nextEpoch)
        {
            position = RandomState.TorchManualSeed(config.Seed).CopyTo(global);
            RandomState.SkipInPlace(global, ref position, wordsBeforeEpochs + (long)epoch * perEpoch);
        }

        nextEpoch = epoch + 1;
        if (config.Batches.Shuffle)
        {
            DrawShuffled(config, epoch, global, ref position, sampler, order);
            return;
        }

        RandomState.SkipInPlace(global, ref position, perEpoch);
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
    }

    // A shuffled epoch's order, the same draws in turn and ahead: keyed from (seed, epoch); torch from the run's
    // generator standing before the epoch (global, position), which it advances past it.
    private static void DrawShuffled(TrainingConfig config, int epoch, uint[] global, ref int position, uint[] sampler, Span<int> order)
    {
        if (config.Random == RandomSource.Keyed)
        {
            Batching.EpochOrderInPlace(order, shuffle: true, config.Seed, epoch, sampler);
            return;
        }

        RandomState.TorchShuffleInPlace(global, ref position, sampler, order);
    }

    /// <summary>
    /// The orders of epochs [First, After), drawn from a private copy of the torch generator as it stood before
    /// epoch First (keyed runs need none), and that generator as it stands after them.
    /// </summary>
    private sealed class OrderBlock
    {
        private readonly uint[] sampler = new uint[624];
        private int[] orders = [];
        private int length;

        public int First { get; private set; }

        public int After { get; private set; }

        public uint[] GlobalAfter { get; private set; } = [];

        public int PositionAfter { get; private set; }

        /// <summary>Draws the block, into <paramref name="reuse"/>'s arrays when it is given (no longer read by anyone).</summary>
        public static OrderBlock Draw(EpochOrders owner, int first, int epochs, int length, uint[] global, int position, OrderBlock? reuse)
        {
            var block = reuse ?? new OrderBlock();
            if (block.orders.Length < epochs * length)
            {
                block.orders = new int[epochs * length];
            }

            block.First = first;
            block.After = first + epochs;
            block.length = length;
            for (int e = 0; e < epochs; e++)
            {
                DrawShuffled(owner.config, first + e, global, ref position, block.sampler, block.orders.AsSpan(e * length, length));
            }

            block.GlobalAfter = global;
            block.PositionAfter = position;
            return block;
        }

        public bool Holds(int epoch, int count) => count == length && epoch >= First && epoch < After;

        public void CopyTo(int epoch, Span<int> order) => orders.AsSpan((epoch - First) * length, length).CopyTo(order);
    }
}
