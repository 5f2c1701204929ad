using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Data;
using Functional.Core.Random;
using Functional.Properties.Tests.TestSupport;

namespace Functional.Properties.Tests.Data;

/// <summary>Batch counts against their definition, and the arguments batching refuses.</summary>
public sealed class BatchingContractTests
{
    [Property(MaxTest = 200)]
    public Property The_batch_count_is_the_ceiling_or_the_floor_of_count_over_size() =>
        Prop.ForAll(Generators.IntBetween(0, 500), Generators.IntBetween(1, 600), (count, size) =>
        {
            // Counted one batch at a time, independently of the division the library uses.
            int kept = 0, partial = 0;
            for (int start = 0; start < count; start += size)
            {
                if (count - start >= size)
                {
                    kept++;
                }
                else
                {
                    partial++;
                }
            }

            Assert.Equal(kept + partial, Batching.BatchCount(count, new BatchOptions(size)));
            Assert.Equal(kept, Batching.BatchCount(count, new BatchOptions(size, DropLast: true)));
        });

    [Property(MaxTest = 100)]
    public Property Batches_cut_from_a_given_order_equal_the_seeded_ones() =>
        Prop.ForAll(Generators.IndexedDataset.ToArbitrary(), Generators.IntBetween(1, 70), Generators.Seeds, (data, size, seed) =>
        {
            foreach (var options in new[] { new BatchOptions(size), new BatchOptions(size, DropLast: true), new BatchOptions(size, Shuffle: false) })
            {
                var order = Batching.EpochOrder(data.Count, options.Shuffle, seed, 2);
                var expected = Batching.Batches(data, options, seed, 2);
                var actual = Batching.Batches(data, options, order);
                Assert.Equal(expected.Length, actual.Length);
                Assert.Equal(expected.Select(b => b.X.ToColumnMajorArray()), actual.Select(b => b.X.ToColumnMajorArray()));
                Assert.Equal(expected.Select(b => b.Y.ToColumnMajorArray()), actual.Select(b => b.Y.ToColumnMajorArray()));

                var inPlace = new int[data.Count];
                Batching.EpochOrderInPlace(inPlace, options.Shuffle, seed, 2, new uint[624]);
                Assert.Equal(order, inPlace);
            }
        });

    [Fact]
    public void All_in_one_batch_does_not_overflow()
    {
        Assert.Equal(1, Batching.BatchCount(int.MaxValue, new BatchOptions(int.MaxValue)));
        Assert.Equal(1, Batching.BatchCount(5, new BatchOptions(int.MaxValue)));
        Assert.Equal(0, Batching.BatchCount(0, new BatchOptions(int.MaxValue)));
        Assert.Equal(0, Batching.BatchCount(5, new BatchOptions(int.MaxValue, DropLast: true)));
        Assert.Equal(2, Batching.BatchCount(int.MaxValue, new BatchOptions(int.MaxValue - 1)));
    }

    [Fact]
    public void Negative_counts_and_sizes_below_one_are_refused()
    {
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Batching.Permutation(-1, 1, 0)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Batching.TorchEpochOrder(RandomState.TorchManualSeed(1), -1, true)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Batching.EpochOrder(-1, true, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Batching.EpochOrder(-1, false, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Batching.BatchCount(-1, new BatchOptions(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Batching.BatchIndices(-1, new BatchOptions(1), 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Batching.TorchEpochOrder(RandomState.TorchManualSeed(1), -1, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => Batching.TorchEpochOrder(RandomState.TorchManualSeed(1), -1, false));
        foreach (int size in new[] { 0, -1, int.MinValue })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => Batching.BatchCount(3, new BatchOptions(size)));
            Assert.Equal("options", e.ParamName);
            Assert.Contains("the batch size must be at least 1", e.Message);
        }

        Assert.Throws<ArgumentNullException>(() => Batching.BatchCount(3, null!));
        Assert.Throws<ArgumentNullException>(() => Batching.Batches(null!, new BatchOptions(1), 1, 0));
        Assert.Throws<ArgumentNullException>(() => Batching.TorchEpochOrder(null!, 3, true));
        Assert.Empty(Batching.EpochOrder(0, true, 1, 0));
        Assert.Empty(Batching.BatchIndices(0, new BatchOptions(4), 1, 0));
    }

    [Fact]
    public void Without_shuffle_the_epoch_order_is_the_identity_and_the_torch_generator_still_draws_the_loaders_base_seed()
    {
        Assert.Equal([0, 1, 2, 3, 4], Batching.EpochOrder(5, false, 42, 3));
        var generator = RandomState.TorchManualSeed(7);
        var (order, next) = Batching.TorchEpochOrder(generator, 4, shuffle: false);
        Assert.Equal([0, 1, 2, 3], order);
        // One random64() (two 32-bit words) for the base seed, as DataLoader draws it whether or not it shuffles.
        Assert.Equal(generator.NextUInt32(2).Next, next);
    }
}
