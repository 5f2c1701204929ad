using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Data;
using Functional.Core.Random;
using Functional.Properties.Tests.TestSupport;

namespace Functional.Properties.Tests.Data;

/// <summary>Batching laws: each epoch partitions the data, the order depends only on (seed, epoch).</summary>
public class BatchingProperties
{
    private static readonly Arbitrary<Dataset> Data = Generators.IndexedDataset.ToArbitrary();
    private static readonly Arbitrary<BatchOptions> Options =
        (from size in Gen.Choose(1, 70)
         from shuffle in Gen.Elements(true, false)
         from dropLast in Gen.Elements(true, false)
         select new BatchOptions(size, shuffle, dropLast)).ToArbitrary();
    private static readonly Arbitrary<long> Seeds = Gen.Choose(-50_000, 50_000).Select(i => (long)i).ToArbitrary();

    // X[i] = i in the indexed data, so a batch's X column lists the sample indices it holds.
    private static int[] Samples(Dataset batch) => [.. batch.X.Column(0).Select(v => (int)v)];

    [Property(MaxTest = 100)]
    public Property EveryEpochPartitionsTheData() => Prop.ForAll(Data, Options, Seeds, (data, options, seed) =>
    {
        var batches = Batching.Batches(data, options, seed, epoch: seed & 7);
        int[] seen = [.. batches.SelectMany(Samples)];
        int n = data.Count, size = options.BatchSize;
        int expectedCount = options.DropLast ? n / size * size : n;
        bool sizes = batches.All(b => b.Count >= 1 && b.Count <= size) &&
            batches.Take(batches.Length - 1).All(b => b.Count == size) &&
            batches.Length == Batching.BatchCount(n, options);
        bool rowsAgree = batches.All(b => b.Y.Column(0).Select(v => (int)-v).SequenceEqual(Samples(b)));
        return sizes && rowsAgree && seen.Length == expectedCount && seen.Distinct().Count() == seen.Length &&
            (options.DropLast || seen.Order().SequenceEqual(Enumerable.Range(0, n)));
    });

    [Property(MaxTest = 60)]
    public Property SameSeedAndEpochSameBatches() => Prop.ForAll(Data, Options, Seeds, (data, options, seed) =>
    {
        var first = Batching.Batches(data, options, seed, 3);
        var again = Batching.Batches(data, options, seed, 3);
        return first.Length == again.Length &&
            first.Zip(again).All(p => !ReferenceEquals(p.First.X, p.Second.X) && Samples(p.First).SequenceEqual(Samples(p.Second)));
    });

    [Property(MaxTest = 60)]
    public Property DifferentEpochsDiffer() => Prop.ForAll(Gen.Choose(10, 200).ToArbitrary(), Seeds, (n, seed) =>
        !Batching.Permutation(n, seed, 0).SequenceEqual(Batching.Permutation(n, seed, 1)) &&
        !Batching.Permutation(n, seed, 1).SequenceEqual(Batching.Permutation(n, seed, 2)));

    [Property(MaxTest = 60)]
    public Property EpochOrderDependsOnlyOnSeedAndEpoch() => Prop.ForAll(Seeds, Gen.Choose(0, 1000).ToArbitrary(), (seed, epoch) =>
        // No replay of earlier epochs: the permutation is that of the keyed stream itself.
        Batching.Permutation(30, seed, epoch)
            .SequenceEqual(RandomStreams.For(seed, StreamPurpose.Shuffle, epoch).Permutation(30).Values));

    [Property(MaxTest = 60)]
    public Property WithoutShuffleBatchesFollowDataOrder() => Prop.ForAll(Data, Seeds, (data, seed) =>
        Batching.Batches(data, new BatchOptions(7, Shuffle: false), seed, 5).SelectMany(Samples)
            .SequenceEqual(Enumerable.Range(0, data.Count)));

    [Property(MaxTest = 60)]
    public Property BatchingLeavesTheDataUnchanged() => Prop.ForAll(Data, Options, Seeds, (data, options, seed) =>
    {
        var before = data.X.ToArray();
        _ = Batching.Batches(data, options, seed, 1);
        return data.X.ToArray().Cast<double>().SequenceEqual(before.Cast<double>());
    });

    [Fact]
    public void TutorialLoaderGivesFourBatchesOf25()
    {
        var batches = Batching.Batches(TutorialData.Generate(), BatchOptions.Tutorial, 42, 0);
        Assert.Equal(4, batches.Length);
        Assert.All(batches, b => Assert.Equal(25, b.Count));
    }

    [Fact]
    public void BatchSizeOfNOrMoreGivesOneBatch()
    {
        var data = Generators.Indexed(10);
        Assert.Single(Batching.Batches(data, new BatchOptions(10), 1, 0));
        Assert.Equal(10, Batching.Batches(data, new BatchOptions(64), 1, 0).Single().Count);
        // As PyTorch's DataLoader: drop_last with a batch larger than the data leaves no batch.
        Assert.Empty(Batching.Batches(data, new BatchOptions(64, DropLast: true), 1, 0));
    }

    [Fact]
    public void DropLastDropsOnlyTheShortBatch()
    {
        var data = Generators.Indexed(10);
        Assert.Equal(new[] { 4, 4, 2 }, Batching.Batches(data, new BatchOptions(4), 1, 0).Select(b => b.Count));
        Assert.Equal(new[] { 4, 4 }, Batching.Batches(data, new BatchOptions(4, DropLast: true), 1, 0).Select(b => b.Count));
        Assert.Equal(new[] { 5, 5 }, Batching.Batches(data, new BatchOptions(5, DropLast: true), 1, 0).Select(b => b.Count));
    }

    [Fact]
    public void EpochPermutationsMatchTheDerivedValues()
    {
        // Derived in Python: the legacy shuffle (see RandomStateVectors) on init_by_array([42, 0, 2, e, 0]).
        Assert.Equal(new[] { 6, 5, 4, 0, 3, 2, 8, 9, 1, 7 }, Batching.Permutation(10, 42, 0));
        Assert.Equal(new[] { 2, 6, 7, 8, 5, 4, 1, 3, 0, 9 }, Batching.Permutation(10, 42, 1));
        var indices = Batching.BatchIndices(10, new BatchOptions(4), 42, 1);
        Assert.Equal(new[] { 2, 6, 7, 8 }, indices[0]);
        Assert.Equal(new[] { 0, 9 }, indices[2]);
    }

    [Fact]
    public void BadBatchSizeIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Batching.Batches(Generators.Indexed(3), new BatchOptions(0), 1, 0));
    }
}
