using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Data;
using Functional.Properties.Tests.TestSupport;

namespace Functional.Properties.Tests.Data;

/// <summary>The seeded train/validation split.</summary>
public class DataSplitTests
{
    private static readonly Arbitrary<int> Counts = Gen.Choose(2, 80).ToArbitrary();
    private static readonly Arbitrary<double> Fractions = Gen.Choose(1, 99).Select(p => p / 100.0).ToArbitrary();

    private static int[] Samples(Dataset d) => [.. d.X.Column(0).Select(v => (int)v)];

    [Property(MaxTest = 100)]
    public Property SplitPartitionsTheDataInOrder() => Prop.ForAll(Counts, Fractions, (n, fraction) =>
    {
        var split = DataSplit.TrainValidation(Generators.Indexed(n), fraction, seed: n * 31);
        int[] train = Samples(split.Train), validation = Samples(split.Validation);
        return validation.Length == DataSplit.ValidationCount(n, fraction) &&
            train.Length >= 1 && validation.Length >= 1 &&
            train.Concat(validation).Order().SequenceEqual(Enumerable.Range(0, n)) &&
            train.SequenceEqual(train.Order()) && validation.SequenceEqual(validation.Order());
    });

    [Property(MaxTest = 50)]
    public Property SameSeedSameSplit() => Prop.ForAll(Counts, Fractions, (n, fraction) =>
        Samples(DataSplit.TrainValidation(Generators.Indexed(n), fraction, 5).Validation)
            .SequenceEqual(Samples(DataSplit.TrainValidation(Generators.Indexed(n), fraction, 5).Validation)));

    [Fact]
    public void SplitMatchesTheDerivedPermutation()
    {
        // Derived in Python: the legacy shuffle on init_by_array([42, 0, 3, 0, 0]) gives
        // [1, 8, 0, 6, 2, 7, 4, 9, 5, 3]; a 0.2 split holds out its first two, sorted.
        var split = DataSplit.TrainValidation(Generators.Indexed(10), 0.2, 42);
        Assert.Equal(new[] { 1, 8 }, Samples(split.Validation));
        Assert.Equal(new[] { 0, 2, 3, 4, 5, 6, 7, 9 }, Samples(split.Train));
    }

    [Fact]
    public void ValidationCountRoundsAndKeepsBothPartsNonEmpty()
    {
        Assert.Equal(20, DataSplit.ValidationCount(100, 0.2));
        Assert.Equal(1, DataSplit.ValidationCount(100, 0.001));
        Assert.Equal(99, DataSplit.ValidationCount(100, 0.999));
        Assert.Equal(2, DataSplit.ValidationCount(3, 0.5)); // 1.5 rounds away from zero
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.ValidationCount(100, 0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.ValidationCount(100, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.ValidationCount(1, 0.5));
    }
}
