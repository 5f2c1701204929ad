using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core;
using Functional.Core.Data;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Serialization;
using Functional.Core.Sweep;

using Functional.Properties.Tests.Serialization;

namespace Functional.Properties.Tests.Sweep;

/// <summary>Shards cut a sweep into disjoint slices, and their saved results merge into the unsharded result.</summary>
public class SweepShardTests
{
    private static readonly Dataset SmallData = TutorialData.Generate(TutorialDataOptions.Tutorial with { Count = 30 });

    private static readonly SweepGrid Grid = new(
        SweepTask.Regression,
        [[1, 5, 1], [1, 4, 4, 1]],
        [Activation.Relu],
        [OptimizerSpec.Parse("adam:lr=0.01"), OptimizerSpec.Parse("sgd:lr=10")], // sgd at lr 10 diverges
        [],
        [8],
        Seeds: 3,
        Epochs: 12)
    { Random = RandomSource.Torch };

    [Property(MaxTest = 200)]
    public Property Every_run_is_in_exactly_one_of_the_N_shards() => Prop.ForAll(
        Gen.Choose(1, 40).ToArbitrary(), Gen.Choose(1, 60).ToArbitrary(), (int runs, int n) =>
        {
            for (int i = 0; i < runs; i++)
            {
                Assert.Equal(1, Enumerable.Range(1, n).Count(k => new SweepShard(k, n).Contains(i)));
            }
        });

    [Theory]
    [InlineData("3/7", 3, 7)]
    [InlineData("1/1", 1, 1)]
    [InlineData("100000/100000", 100_000, 100_000)]
    public void Parse_reads_K_of_N(string text, int k, int n)
    {
        Assert.Equal(new SweepShard(k, n), SweepShard.Parse(text));
    }

    [Theory]
    [InlineData("0/7")]
    [InlineData("8/7")]
    [InlineData("1/100001")]
    [InlineData("+1/2")]
    [InlineData(" 1/2")]
    [InlineData("1/2 ")]
    [InlineData("１/2")]
    [InlineData("")]
    public void Parse_refuses_anything_else(string text)
    {
        Assert.Throws<FormatException>(() => SweepShard.Parse(text));
    }

    [Fact]
    public void Shards_saved_to_text_and_merged_equal_the_unsharded_sweep_bit_for_bit()
    {
        var whole = SweepEngine.Run(Grid, SmallData);
        var shards = Enumerable.Range(1, 3).Select(k => new SweepShard(k, 3))
            .Select(s => SweepShardFile.FromJson(SweepShardFile.ToJson(Grid, s, SweepEngine.RunShard(Grid, SmallData, s)), $"shard {s.Name}"))
            .ToArray();

        var merged = SweepEngine.Merge(shards[0].Grid, shards.Reverse().SelectMany(s => s.Runs.Select(r => r.ToResult(Grid.Runs()[r.Index], SmallData, Grid.Task))));

        Assert.Contains(whole.Runs, r => r.Diverged);
        Assert.Equal(whole.Runs.Length, merged.Runs.Length);
        for (int i = 0; i < whole.Runs.Length; i++)
        {
            var (a, b) = (whole.Runs[i], merged.Runs[i]);
            Assert.Equal(a.Reason, b.Reason);
            Assert.Equal(a.Training.DivergedAtEpoch, b.Training.DivergedAtEpoch);
            Assert.Equal(a.Training.Trace.Epochs.Select(e => e.Loss), b.Training.Trace.Epochs.Select(e => e.Loss));
            Assert.Equal(a.Model.ToFlatArray(), b.Model.ToFlatArray());
            Assert.Equal(a.FinalMse, b.FinalMse);
        }

        Assert.Equal(SweepCsvText(whole), SweepCsvText(merged));
        Assert.Single(shards.Select(s => s.Identity).Distinct());
    }

    [Fact]
    public void Merge_names_a_missing_a_doubled_and_a_foreign_run()
    {
        var runs = SweepEngine.Run(Grid, SmallData).Runs;
        Assert.Contains("run 5 (", Assert.Throws<ArgumentException>(() => SweepEngine.Merge(Grid, runs.RemoveAt(5))).Message);
        Assert.Contains("is missing", Assert.Throws<ArgumentException>(() => SweepEngine.Merge(Grid, runs.RemoveAt(5))).Message);
        Assert.Contains("run 2 (", Assert.Throws<ArgumentException>(() => SweepEngine.Merge(Grid, runs.Add(runs[2]))).Message);
        Assert.Contains("given twice", Assert.Throws<ArgumentException>(() => SweepEngine.Merge(Grid, runs.Add(runs[2]))).Message);
        var otherSeeds = Grid with { SeedBase = 100 };
        Assert.Contains("is not a run of this sweep", Assert.Throws<ArgumentException>(() => SweepEngine.Merge(otherSeeds, runs)).Message);
    }

    [Property(MaxTest = 10_000)] // every reader is fuzzed with 10,000 cases
    public Property Arbitrary_bytes_give_a_shard_or_the_library_exception() => Prop.ForAll(Fuzz.Bytes(SmallShard.Value), bytes =>
    {
        try
        {
            _ = SweepShardFile.FromJson(System.Text.Encoding.UTF8.GetString(bytes), "shard.json");
        }
        catch (ModelFormatException e)
        {
            Assert.StartsWith("shard.json: ", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
    });

    // A small shard to damage: one configuration, two seeds, three epochs, shard 1 of 1.
    private static readonly Lazy<string> SmallShard = new(() =>
    {
        var grid = Grid with { Layouts = [[1, 2, 1]], Optimizers = [OptimizerSpec.Parse("adam:lr=0.01")], Seeds = 2, Epochs = 3 };
        return SweepShardFile.ToJson(grid, SweepShard.All, SweepEngine.RunShard(grid, SmallData, SweepShard.All), [KeyValuePair.Create("data_source", "test")]);
    });

    // The CSV with the timing column blanked: every other column is a pure function of the runs.
    private static string SweepCsvText(SweepResult result) =>
        string.Join("\n", SweepCsv.Format(result).Split('\n').Select(row => string.Join(",", row.Split(',').Select((f, i) => i == 10 ? "" : f))));
}
