namespace Functional.Snapshots.Tests;

/// <summary>
/// Ctrl+C during a sweep, through the test stand-in that cancels exactly as the Ctrl+C handler does: the
/// sweep stops with exit code 130 and one line, and writes neither the table nor any file.
/// </summary>
public sealed class SweepInterruptTests
{
    private static readonly string[] Sweep =
        ["sweep", "--layout", "1,8,1", "--layout", "1,4,1", "--seeds", "2", "--epochs", "300", "--parallel", "1", "--quiet", "--out"];

    [Fact]
    public void An_interrupted_sweep_exits_130_and_writes_nothing()
    {
        using var temp = new TempFolder();
        string output = temp.File("out");

        var (code, stdout, stderr) = CliRunner.RunWithSweepInterrupt(completed => completed >= 1, [.. Sweep, output]);

        Assert.Equal(130, code);
        Assert.EndsWith("mlp: sweep interrupted; no table, CSV or plot was written\n", stderr);
        Assert.DoesNotContain("| layout", stdout);
        Assert.Empty(Directory.Exists(output) ? Directory.GetFiles(output) : []);
    }

    [Fact]
    public void The_same_sweep_without_the_interruption_completes()
    {
        using var temp = new TempFolder();
        var (code, stdout, _) = CliRunner.Run([.. Sweep, temp.File("out")]);
        Assert.Equal(0, code);
        Assert.Contains("| layout", stdout);
    }
}
