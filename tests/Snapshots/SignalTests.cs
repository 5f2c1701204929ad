using System.Diagnostics;
using Functional.Core.Serialization;

namespace Functional.Snapshots.Tests;

/// <summary>
/// Real SIGINT and SIGTERM sent to an <c>mlp</c> process: during training the run's checkpoint is written, as
/// the run finishes its outputs are, always with a line saying which; SIGTERM exits 143, Ctrl+C 130; no
/// temporary file is left either way.
/// </summary>
public sealed class SignalTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();


    private static async Task Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private static async Task WaitForLine(Process process, string start)
    {
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith(start, StringComparison.Ordinal))
        {
        }
    }

    private void AssertNoTemporaryFiles() =>
        Assert.DoesNotContain(Directory.EnumerateFiles(temp.Path, "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));

    [Theory]
    [InlineData("TERM", 143, "terminated (SIGTERM)")]
    [InlineData("INT", 130, "interrupted")]
    public async Task A_signal_during_training_saves_the_checkpoint(string signal, int code, string said)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var process = CliProcess.Start("regression", "--epochs", "5000000", "--log-every", "10", "--no-plots", "--out", temp.File("out"));
        await WaitForLine(process, "Loss after epoch").WaitAsync(TimeSpan.FromSeconds(60));
        await Signal(process, signal);
        string error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(code, process.ExitCode);
        Assert.StartsWith($"mlp: {said} after epoch ", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.True(CheckpointFile.Load(temp.File("out/interrupted.json")).State.Epoch >= 10);
        AssertNoTemporaryFiles();
    }

    [Fact]
    public async Task A_signal_as_the_run_finishes_never_loses_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var random = new Random(14);
        for (int attempt = 0; attempt < 8; attempt++)
        {
            string folder = temp.File($"run{attempt}");
            Directory.CreateDirectory(folder);
            using var process = CliProcess.Start("xor", "--epochs", "300", "--log-every", "1", "--save", Path.Combine(folder, "s.json"), "--trace", Path.Combine(folder, "t.csv"), "--out", folder);
            await WaitForLine(process, "Loss after epoch").WaitAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(random.Next(0, 400));
            await Signal(process, "TERM");
            string error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(process.ExitCode is 0 or 143, $"exit {process.ExitCode}: {error}");
            var checkpoint = CheckpointFile.Load(Path.Combine(folder, "s.json"));
            if (process.ExitCode == 0)
            {
                Assert.Equal(300, checkpoint.State.Epoch);
                Assert.True(File.Exists(Path.Combine(folder, "t.csv")));
            }
            else
            {
                Assert.Equal(143, process.ExitCode);
                Assert.Single(error.TrimEnd('\n').Split('\n'));
                if (error.Contains("checkpoint saved", StringComparison.Ordinal))
                {
                    Assert.StartsWith("mlp: terminated (SIGTERM) after epoch ", error);
                }
                else
                {
                    Assert.Equal("mlp: terminated (SIGTERM) as the run finished; its outputs were written (nothing to resume)\n", error);
                    Assert.Equal(300, checkpoint.State.Epoch);
                    Assert.True(File.Exists(Path.Combine(folder, "t.csv")));
                    Assert.True(File.Exists(Path.Combine(folder, "xor_loss.png")));
                }
            }
        }

        AssertNoTemporaryFiles();
    }
}
