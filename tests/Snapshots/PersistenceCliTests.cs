using Functional.Core.Serialization;
using Snapshooter.Xunit;

namespace Functional.Snapshots.Tests;

/// <summary>--save, --checkpoint-every, --resume and Ctrl+C, run in process.</summary>
public sealed class PersistenceCliTests
{
    [Fact]
    public void SaveThenResumePrintsTheStraightRunsLines()
    {
        using var temp = new TempFolder();
        string checkpoint = temp.File("a.json");
        var straight = CliRunner.Run("regression", "--epochs", "40", "--log-every", "10", "--no-plots");
        var first = CliRunner.Run("regression", "--epochs", "20", "--log-every", "10", "--no-plots", "--save", checkpoint);
        var second = CliRunner.Run("regression", "--resume", checkpoint, "--epochs", "40", "--no-plots");
        Assert.Equal((0, 0, 0), (straight.ExitCode, first.ExitCode, second.ExitCode));
        Assert.Equal("", first.Error + second.Error);

        Assert.Equal(EpochLines(straight.Out), EpochLines(first.Out).Concat(EpochLines(second.Out)));
        Assert.Equal(["Loss after epoch    30: ", "Loss after epoch    40: "], EpochLines(second.Out).Select(l => l[..24]));
        Assert.Equal(Line(straight.Out, "Final MSE"), Line(second.Out, "Final MSE"));
        Assert.Contains($"Checkpoint: {checkpoint}\n", first.Out);
        Assert.Equal(20, CheckpointFile.Load(checkpoint).State.Epoch);
    }

    [Fact]
    public void ResumeWithoutEpochsFinishesTheSavedRun()
    {
        using var temp = new TempFolder();
        string checkpoint = temp.File("x.json");
        var straight = CliRunner.Run("xor", "--epochs", "60", "--log-every", "20", "--no-plots");
        var interrupted = CliRunner.RunWith(r => r.Epoch == 25, "xor", "--epochs", "60", "--log-every", "20", "--no-plots", "--save", checkpoint);
        string before = File.ReadAllText(checkpoint);
        var resumed = CliRunner.Run("xor", "--resume", checkpoint, "--no-plots");
        Assert.Equal(130, interrupted.ExitCode);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(EpochLines(straight.Out), EpochLines(interrupted.Out).Concat(EpochLines(resumed.Out)));
        Assert.Equal(Verdict(straight.Out), Verdict(resumed.Out));

        // Without --save the continuation is not kept, and the run says so; the checkpoint it resumed is unchanged.
        Assert.Contains("Checkpoint: none written (the resumed file is unchanged; add --save FILE to keep the continued run)\n", resumed.Out);
        Assert.Equal(before, File.ReadAllText(checkpoint));
    }

    [Fact]
    public void CtrlCSavesACheckpointAndExits130()
    {
        using var temp = new TempFolder();
        string outDir = temp.File("out");
        var (code, output, error) = CliRunner.RunWith(r => r.Epoch == 7, "regression", "--epochs", "30", "--log-every", "5", "--out", outDir);
        string saved = Path.Combine(outDir, "interrupted.json");
        Assert.Equal(130, code);
        Assert.Equal($"mlp: interrupted after epoch 7; checkpoint saved to {saved} (continue with: mlp regression --resume {saved})\n", error);
        Assert.StartsWith("Loss after epoch     5: ", output);
        Assert.DoesNotContain("Training finished.", output);
        Assert.DoesNotContain("Plots:", output);

        var checkpoint = CheckpointFile.Load(saved);
        Assert.Equal((7, 30), (checkpoint.State.Epoch, checkpoint.Run.Epochs));
        Assert.Equal(new[] { saved }, Directory.GetFiles(outDir));

        var resumed = CliRunner.Run("regression", "--resume", saved, "--no-plots");
        var straight = CliRunner.Run("regression", "--epochs", "30", "--log-every", "5", "--no-plots");
        Assert.Equal(EpochLines(straight.Out).Skip(1), EpochLines(resumed.Out));
    }

    [Fact]
    public void CtrlCWithSaveWritesThere()
    {
        using var temp = new TempFolder();
        string checkpoint = temp.File("run.json");
        var (code, _, error) = CliRunner.RunWith(r => r.Epoch == 3, "xor", "--epochs", "10", "--no-plots", "--save", checkpoint);
        Assert.Equal(130, code);
        Assert.Contains($"checkpoint saved to {checkpoint} ", error);
        Assert.Equal(3, CheckpointFile.Load(checkpoint).State.Epoch);
    }

    [Fact]
    public void CheckpointEverySavesDuringTheRun()
    {
        using var temp = new TempFolder();
        string checkpoint = temp.File("every.json");
        var seen = new List<int>();
        var (code, _, _) = CliRunner.RunWith(
            r =>
            {
                if (File.Exists(checkpoint))
                {
                    seen.Add(CheckpointFile.Load(checkpoint).State.Epoch);
                }

                return false;
            },
            "xor", "--epochs", "12", "--no-plots", "--save", checkpoint, "--checkpoint-every", "5");
        Assert.Equal(0, code);
        // Read after each epoch: the epoch-5 checkpoint appears after epoch 5, the epoch-10 one after epoch 10.
        Assert.Equal(new[] { 5, 5, 5, 5, 5, 10, 10, 10 }, seen);
        Assert.Equal(12, CheckpointFile.Load(checkpoint).State.Epoch);
        Assert.Equal(new[] { checkpoint }, Directory.GetFiles(temp.Path)); // no temporary files left
    }

    [Fact]
    public void TheCheckpointFileIsStable()
    {
        // The whole file of a 3-epoch XOR run: format, settings, host section, model, AdamW state and trace.
        using var temp = new TempFolder();
        string checkpoint = temp.File("xor.json");
        var (code, _, _) = CliRunner.Run("xor", "--epochs", "3", "--no-plots", "--save", checkpoint);
        Assert.Equal(0, code);
        Snapshot.Match(File.ReadAllText(checkpoint));
    }

    [Theory]
    [InlineData("--lr", "0.1")]
    [InlineData("--layout", "1,5,1")]
    [InlineData("--seed", "1")]
    [InlineData("--optimizer", "sgd")]
    [InlineData("--batch-size", "all")]
    [InlineData("--no-shuffle")]
    [InlineData("--drop-last")]
    [InlineData("--rng", "keyed")]
    public void OptionsThatChangeTheRunConflictWithResume(params string[] option)
    {
        using var temp = new TempFolder();
        string checkpoint = temp.File("a.json");
        Assert.Equal(0, CliRunner.Run("regression", "--epochs", "2", "--no-plots", "--save", checkpoint).ExitCode);
        var (code, output, error) = CliRunner.Run(["regression", "--resume", checkpoint, "--epochs", "4", "--no-plots", .. option]);
        Assert.Equal((2, ""), (code, output));
        Assert.Equal($"mlp: {option[0]} cannot be combined with --resume: a resumed run keeps the settings saved in {checkpoint}\n", error);
    }

    [Fact]
    public void ResumeErrorsAreOneLine()
    {
        using var temp = new TempFolder();
        string checkpoint = temp.File("x.json");
        Assert.Equal(0, CliRunner.Run("xor", "--epochs", "5", "--no-plots", "--save", checkpoint).ExitCode);

        AssertUsage($"mlp: --resume {checkpoint}: the checkpoint is of a 'mlp xor' run; resume it with 'mlp xor --resume {checkpoint}'", "regression", "--resume", checkpoint);
        AssertUsage($"mlp: --epochs 3: the checkpoint {checkpoint} is already at epoch 5", "xor", "--resume", checkpoint, "--epochs", "3");

        string missing = temp.File("missing.json");
        AssertUsage($"mlp: --resume {missing}: file not found", "xor", "--resume", missing);

        string broken = temp.File("broken.json");
        File.WriteAllText(broken, File.ReadAllText(checkpoint).Replace("\"version\": 2", "\"version\": 7", StringComparison.Ordinal));
        AssertUsage($"mlp: --resume {broken}: unsupported version 7 (this build reads versions 1 to 2)", "xor", "--resume", broken);

        AssertUsage("mlp: --checkpoint-every needs --save FILE to say where the checkpoint goes", "xor", "--checkpoint-every", "5");
        AssertUsage("mlp: --checkpoint-every 0: must be at least 1", "xor", "--checkpoint-every", "0", "--save", checkpoint);
    }

    [Fact]
    public void ResumeChecksTheDataFileIsUnchanged()
    {
        using var temp = new TempFolder();
        string data = temp.File("data.csv"), checkpoint = temp.File("a.json");
        File.WriteAllText(data, "x,y\n0,1\n1,2\n2,2.5\n3,4\n");
        Assert.Equal(0, CliRunner.Run("regression", "--data", data, "--epochs", "3", "--batch-size", "2", "--no-plots", "--save", checkpoint).ExitCode);
        var host = CheckpointFile.Load(checkpoint).Run.HostSettings;
        Assert.Equal(Path.GetFullPath(data), host["data"]);
        Assert.Equal(64, host["data_sha256"].Length);
        Assert.Equal(0, CliRunner.Run("regression", "--resume", checkpoint, "--epochs", "5", "--no-plots").ExitCode);

        File.AppendAllText(data, "4,5\n");
        AssertUsage(
            $"mlp: --resume {checkpoint}: the data file '{Path.GetFullPath(data)}' has changed since the checkpoint was saved (its SHA-256 differs); an exact resume needs the same data",
            "regression", "--resume", checkpoint, "--epochs", "5", "--no-plots");
    }

    internal static void AssertUsage(string message, params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(message + "\n", error);
    }

    private static string[] EpochLines(string output) =>
        [.. output.Split('\n').Where(l => l.StartsWith("Loss after epoch", StringComparison.Ordinal))];

    private static string Line(string output, string prefix) =>
        output.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));

    private static string Verdict(string output) =>
        string.Join("\n", output.Split('\n').SkipWhile(l => !l.StartsWith("XOR", StringComparison.Ordinal)).TakeWhile(l => !l.StartsWith("Steps", StringComparison.Ordinal)));
}
