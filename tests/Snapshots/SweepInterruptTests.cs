using Functional.Cli;

namespace Functional.Snapshots.Tests;

/// <summary>
/// Ctrl+C during a sweep, through the test stand-in that cancels exactly as the Ctrl+C handler does: the
/// sweep stops with exit code 130 and one line, and writes neither the table nor any file.
/// </summary>
public sealed class SweepInterruptTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlp-sweep-interrupt-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void An_interrupted_sweep_exits_130_and_writes_nothing()
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var context = new CommandContext(stdout, stderr) { InterruptSweepAfter = completed => completed >= 1 };
        string output = Path.Combine(folder, "out");

        int code = CliApp.Run(
            ["sweep", "--layout", "1,8,1", "--layout", "1,4,1", "--seeds", "2", "--epochs", "300", "--parallel", "1", "--quiet", "--out", output],
            context);

        Assert.Equal(130, code);
        Assert.EndsWith("mlp: sweep interrupted; no table, CSV or plot was written\n", stderr.ToString());
        Assert.DoesNotContain("| layout", stdout.ToString());
        Assert.Empty(Directory.Exists(output) ? Directory.GetFiles(output) : []);
    }

    [Fact]
    public void The_same_sweep_without_the_interruption_completes()
    {
        var (code, output, _) = CliRunner.Run("sweep", "--layout", "1,8,1", "--layout", "1,4,1", "--seeds", "2", "--epochs", "300", "--parallel", "1", "--quiet", "--out", Path.Combine(folder, "out"));
        Assert.Equal(0, code);
        Assert.Contains("| layout", output);
    }
}
