using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Sweep;

namespace Functional.Properties.Tests.Sweep;

public class SeedStatisticsTests
{
    [Fact]
    public void Mean_sample_deviation_best_and_worst_of_known_numbers()
    {
        // 1, 2, 3, 4: mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; 5 / (4 - 1) = 5/3.
        var s = SeedStatistics.Of([3.0, 1.0, 4.0, 2.0]);
        Assert.Equal(4, s.Count);
        Assert.Equal(4, s.FiniteCount);
        Assert.Equal(2.5, s.Mean);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), s.StandardDeviation, 15);
        Assert.Equal(1, s.BestIndex);
        Assert.Equal(2, s.WorstIndex);
    }

    [Fact]
    public void A_diverged_value_is_left_out_of_mean_and_spread_and_counts_as_worst()
    {
        // Finite 3 and 1: mean 2, squared deviations 1 + 1 = 2, divided by 2 - 1: sd sqrt(2).
        var s = SeedStatistics.Of([3.0, double.NaN, 1.0]);
        Assert.Equal(3, s.Count);
        Assert.Equal(2, s.FiniteCount);
        Assert.Equal(2.0, s.Mean);
        Assert.Equal(Math.Sqrt(2.0), s.StandardDeviation, 15);
        Assert.Equal(2, s.BestIndex);
        Assert.Equal(1, s.WorstIndex);
    }

    [Fact]
    public void One_value_has_no_spread_and_none_has_no_mean()
    {
        var one = SeedStatistics.Of([7.5]);
        Assert.Equal(7.5, one.Mean);
        Assert.True(double.IsNaN(one.StandardDeviation));
        Assert.Equal((0, 0), (one.BestIndex, one.WorstIndex));

        var none = SeedStatistics.Of([double.NaN, double.PositiveInfinity]);
        Assert.Equal(0, none.FiniteCount);
        Assert.True(double.IsNaN(none.Mean));
        Assert.True(double.IsNaN(none.StandardDeviation));
        Assert.Equal(-1, none.BestIndex);
        Assert.Equal(0, none.WorstIndex);
    }

    [Fact]
    public void Ties_go_to_the_first_seed()
    {
        var s = SeedStatistics.Of([2.0, 1.0, 1.0, 2.0]);
        Assert.Equal(1, s.BestIndex);
        Assert.Equal(0, s.WorstIndex);
        Assert.Equal(0.0, SeedStatistics.Of([5.0, 5.0, 5.0]).StandardDeviation);
    }

    [Property(MaxTest = 200)]
    public Property Mean_lies_between_best_and_worst_and_the_spread_is_not_negative() =>
        Prop.ForAll(
            Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 100.0).ArrayOf().Where(a => a.Length >= 2).ToArbitrary(),
            values =>
            {
                var s = SeedStatistics.Of(values);
                double best = values[s.BestIndex], worst = values[s.WorstIndex];
                return best == values.Min() && worst == values.Max()
                    && s.Mean >= best - 1e-9 && s.Mean <= worst + 1e-9
                    && s.StandardDeviation >= 0.0
                    && s.StandardDeviation <= (worst - best) + 1e-9;
            });
}
