using System.Text.RegularExpressions;

namespace Functional.Snapshots.Tests;

/// <summary>
/// <c>mlp sweep --shard K/N</c> and <c>mlp sweep merge</c>: shards run as separate processes, merged, give the
/// unsharded sweep's table, sweep.csv and figures byte for byte (timings aside); bad specs and bad sets of
/// shard files are one-line errors.
/// </summary>
public sealed partial class SweepShardTests : IDisposable
{
    // Two layouts x two optimizers x 2 seeds: 8 runs, so 3 shards of 3, 3 and 2 runs.
    private static readonly string[] Grid =
        ["sweep", "--layout", "1,10,1", "--layout", "1,6,6,1", "--optimizer", "adam", "--optimizer", "rmsprop", "--seeds", "2", "--epochs", "30", "--quiet"];

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Three_shards_run_as_separate_processes_merge_into_the_unsharded_sweep()
    {
        string single = temp.File("single"), shards = temp.File("shards"), merged = temp.File("merged");
        var whole = CliRunner.Run([.. Grid, "--out", single]);
        Assert.True(whole.ExitCode == 0, whole.Error);

        var processes = Enumerable.Range(1, 3)
            .Select(k => CliProcess.Start([.. Grid, "--shard", $"{k}/3", "--out", shards]))
            .Select(p => (Process: p, Out: p.StandardOutput.ReadToEndAsync(), Error: p.StandardError.ReadToEndAsync()))
            .ToArray();
        foreach (var (process, stdout, stderr) in processes)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"a shard exited {process.ExitCode}: {await stderr}");
            Assert.Contains("Wrote ", await stdout);
            process.Dispose();
        }

        string[] files = [.. Enumerable.Range(1, 3).Select(k => Path.Combine(shards, $"sweep-shard-{k}-of-3.json"))];
        var join = CliRunner.Run(["sweep", "merge", .. files.Reverse(), "--out", merged]);
        Assert.True(join.ExitCode == 0, join.Error);

        Assert.Equal(Stable(whole.Out, single), Stable(join.Out, merged));
        Assert.Equal(
            SweepSnapshots.MaskCsvSeconds(File.ReadAllText(Path.Combine(single, "sweep.csv"))),
            SweepSnapshots.MaskCsvSeconds(File.ReadAllText(Path.Combine(merged, "sweep.csv"))));
        Assert.Equal(File.ReadAllBytes(Path.Combine(single, "sweep-loss.png")), File.ReadAllBytes(Path.Combine(merged, "sweep-loss.png")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(single, "sweep-fits.png")), File.ReadAllBytes(Path.Combine(merged, "sweep-fits.png")));
        Assert.EndsWith("Merged 3 shard(s): 8 runs\n", join.Out);
    }

    public static TheoryData<string, string> BadShardSpecs() => new()
    {
        { "0/3", "--shard: '0/3': K/N needs 1 <= K <= N <= 100000" },
        { "4/3", "--shard: '4/3': K/N needs 1 <= K <= N <= 100000" },
        { "1/0", "--shard: '1/0': K/N needs 1 <= K <= N <= 100000" },
        { "2", "--shard: '2': expected K/N, e.g. 2/8 for the second of eight shards" },
        { "a/b", "--shard: 'a/b': expected K/N" },
        { "-1/3", "--shard: '-1/3': expected K/N" },
        { "1/3/5", "--shard: '1/3/5': expected K/N" },
    };

    [Theory]
    [MemberData(nameof(BadShardSpecs))]
    public void A_bad_shard_spec_is_one_line(string spec, string expected)
    {
        BadInputTests.AssertBadInput(CliRunner.Run([.. Grid, "--shard", spec, "--out", temp.File("x")]), expected);
    }

    [Fact]
    public void Missing_duplicate_and_foreign_shards_are_one_line_errors()
    {
        string shards = temp.File("shards"), other = temp.File("other");
        for (int k = 1; k <= 3; k++)
        {
            Assert.Equal(0, CliRunner.Run([.. Grid, "--shard", $"{k}/3", "--out", shards]).ExitCode);
        }

        string[] moreSeeds = [.. Grid.Select(a => a == "2" ? "3" : a)];
        Assert.Equal(0, CliRunner.Run([.. moreSeeds, "--shard", "1/3", "--out", other]).ExitCode);
        string s1 = Path.Combine(shards, "sweep-shard-1-of-3.json"), s2 = Path.Combine(shards, "sweep-shard-2-of-3.json"), s3 = Path.Combine(shards, "sweep-shard-3-of-3.json");
        string foreign = Path.Combine(other, "sweep-shard-1-of-3.json");

        BadInputTests.AssertBadInput(Merge(s1, s3), "shards missing: 2/3 (give all 3 files of the sweep)");
        BadInputTests.AssertBadInput(Merge(s1, s2, s3, s2), $"{s2}: shard 2/3 is given twice (also {s2})");
        BadInputTests.AssertBadInput(Merge(s1, s2, foreign), $"{foreign}: a shard of another sweep than {s1} (their grids or data differ)");

        string tampered = temp.File("tampered.json");
        File.WriteAllText(tampered, Regex.Replace(File.ReadAllText(s2), "\"seed\": 13,", "\"seed\": 14,"));
        BadInputTests.AssertBadInput(Merge(s1, tampered, s3), $"{tampered}: runs[0].checkpoint: its settings are not those of run 1 (1-10-1 relu adam lr=0.0001 batch=25, seed 13)");

        string checkpoint = temp.File("checkpoint.json");
        Assert.Equal(0, CliRunner.Run("xor", "--epochs", "2", "--no-plots", "--save", checkpoint).ExitCode);
        BadInputTests.AssertBadInput(Merge(s1, checkpoint), $"{checkpoint}: format is \"functional.checkpoint\", expected \"functional.sweep-shard\"");
        BadInputTests.AssertBadInput(Merge(temp.File("absent.json")), "absent.json: file not found");
    }

    [Fact]
    public void A_sweep_over_a_csv_file_refuses_to_merge_when_the_file_has_changed()
    {
        string csv = temp.File("data.csv"), shards = temp.File("shards");
        File.WriteAllText(csv, "x,y\n0,1\n1,2\n2,3\n3,5\n");
        string[] grid = ["sweep", "--layout", "1,4,1", "--seeds", "1", "--epochs", "5", "--quiet", "--data", csv];
        Assert.Equal(0, CliRunner.Run([.. grid, "--shard", "1/1", "--out", shards]).ExitCode);
        string shard = Path.Combine(shards, "sweep-shard-1-of-1.json");
        Assert.Equal(0, CliRunner.Run("sweep", "merge", shard, "--out", temp.File("merged")).ExitCode);

        File.AppendAllText(csv, "4,8\n");
        BadInputTests.AssertBadInput(Merge(shard), $"the sweep's data file '{csv}' has changed since the shards ran (its SHA-256 differs)");
    }

    private (int ExitCode, string Out, string Error) Merge(params string[] files) =>
        CliRunner.Run(["sweep", "merge", .. files, "--out", temp.File("merged"), "--no-plots"]);

    // stdout less the last line (timing or merge count), with the s/run cells masked and the folder named <out>.
    private static string Stable(string output, string folder)
    {
        var lines = output.TrimEnd('\n').Split('\n');
        return string.Join("\n", lines[..^1].Select(SweepSnapshots.MaskSeconds)).Replace(folder, "<out>", StringComparison.Ordinal);
    }
}
