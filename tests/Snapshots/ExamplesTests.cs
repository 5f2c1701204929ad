using System.Diagnostics;
using System.Globalization;
using Functional.Core.Data;
using Functional.Core.Training;

namespace Functional.Snapshots.Tests;

/// <summary>
/// The file-based apps in examples/ (<c>dotnet run examples/NAME.cs</c>) build against the library and print
/// what the library computes.
/// </summary>
public sealed class ExamplesTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task The_tutorial_example_prints_the_replay_s_log_and_the_xor_verdict()
    {
        string output = await RunExample("tutorial.cs", "2000");

        var expected = Trainer.Train(TutorialRuns.Regression(2_000), TutorialData.Generate()).Trace.Epochs
            .Where(r => r.Epoch % 100 == 0)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"Loss after epoch {r.Epoch,5}: {r.Loss:G4}"));
        Assert.Equal(expected, output.Split('\n').Where(l => l.StartsWith("Loss after epoch", StringComparison.Ordinal)));
        Assert.Contains("Training finished.\n", output);
        Assert.Contains("XOR after 1000 epochs: loss 0.1656, solved: no\n", output);
    }

    [Fact]
    public async Task The_own_csv_example_trains_on_a_file_it_is_given()
    {
        string csv = temp.File("mine.csv");
        File.WriteAllLines(csv, ["a,b,target", .. Enumerable.Range(0, 30).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},{i % 3},{i * 0.5}"))]);

        string output = await RunExample("own-csv.cs", csv);

        Assert.StartsWith("30 samples from mine.csv: after 500 epochs, training loss ", output);
    }

    private static async Task<string> RunExample(string name, string argument)
    {
        string root = ToolPackageTests.RepositoryRoot();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "run", "-c", "Release", Path.Combine("examples", name), "--", argument })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet run {name} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        return (await stdout).ReplaceLineEndings("\n");
    }
}
