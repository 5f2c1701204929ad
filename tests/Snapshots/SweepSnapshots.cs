using System.Text.RegularExpressions;
using Snapshooter.Xunit;

namespace Functional.Snapshots.Tests;

/// <summary>
/// Snapshots of <c>mlp sweep</c>: the header, the ranked table, the notes and sweep.csv. Only the timings vary
/// from run to run (the table's s/run column, the csv's seconds column and the last line); they are masked.
/// </summary>
public partial class SweepSnapshots
{
    internal static readonly string[] TinyRegression =
        ["sweep", "--layout", "1,10,1", "--layout", "1,10,10,1", "--seeds", "2", "--epochs", "20", "--quiet", "--no-plots"];

    [Fact]
    public void Tiny_regression_sweep()
    {
        var run = RunSweep(TinyRegression);
        Assert.Contains("| # | layout", run.Out);
        Snapshot.Match(run.Out + "--- sweep.csv ---\n" + run.Csv);
    }

    [Fact]
    public void Small_xor_preset_reports_the_solved_share()
    {
        var run = RunSweep("sweep", "--preset", "xor", "--seeds", "4", "--epochs", "300", "--quiet", "--no-plots");
        Assert.Contains("solved", run.Out);
        Assert.Matches(@"\| \d/4 \(\d+%\) \|", run.Out);
        // The table only: sigmoid and tanh go through Math.Exp, whose last bits may differ between
        // platforms, so full-precision CSV numbers are snapshotted for the ReLU sweep alone.
        Snapshot.Match(run.Out);
    }

    /// <summary>
    /// Runs a sweep into a fresh folder and returns its stdout and sweep.csv with the timings masked and the
    /// folder written as &lt;out&gt;. Asserts exit 0 and the shape of the final timing line.
    /// </summary>
    internal static (string Out, string Csv, string Error, string Folder) RunSweep(params string[] args)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"sweep-{Guid.NewGuid():N}");
        try
        {
            var (code, output, error) = CliRunner.Run([.. args, "--out", folder]);
            Assert.True(code == 0, $"exit {code}: {error}");
            var lines = output.TrimEnd('\n').Split('\n');
            Assert.Matches(TimingLine(), lines[^1]);
            string stable = string.Join("\n", lines[..^1].Select(MaskSeconds)) + "\n";
            string csv = File.ReadAllText(Path.Combine(folder, "sweep.csv"));
            return (stable.Replace(folder.Replace('\\', '/'), "<out>", StringComparison.Ordinal), MaskCsvSeconds(csv), error, folder);
        }
        finally
        {
            DeleteFolder(folder);
        }
    }

    internal static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The s/run cell is the last of a table row; its digits become '#', keeping the width.</summary>
    internal static string MaskSeconds(string line) =>
        line.StartsWith('|') ? SecondsCell().Replace(line, m => Regex.Replace(m.Value, @"\d", "#")) : line;

    /// <summary>Every CSV row's seconds column (the 11th) becomes 's'.</summary>
    internal static string MaskCsvSeconds(string csv) =>
        string.Join("\n", csv.Split('\n').Select((row, i) => i == 0 || row.Length == 0 ? row : CsvSeconds().Replace(row, "$1s$2")));

    [GeneratedRegex(@"^Time: \d+ runs in \d+\.\d\d s wall, \d+\.\d\d s CPU \(\d+\.\d\dx\), up to \d+ at a time$")]
    private static partial Regex TimingLine();

    [GeneratedRegex(@"\d+\.\d\d \|$")]
    private static partial Regex SecondsCell();

    // Ten fields (the optimizer may be quoted), then seconds, then stop and solved.
    [GeneratedRegex(@"^((?:(?:""[^""]*""|[^,]*),){10})\d+\.\d{3}(,[a-z_]+,(?:true|false)?)$")]
    private static partial Regex CsvSeconds();
}
