using System.Globalization;
using Functional.Cli;
using Functional.Core.Training;

namespace Functional.Snapshots.Tests;

public class SweepBehaviourTests
{
    [Fact]
    public void One_or_two_runs_at_a_time_print_the_same_table_and_csv()
    {
        var one = SweepSnapshots.RunSweep([.. SweepSnapshots.TinyRegression, "--parallel", "1"]);
        var two = SweepSnapshots.RunSweep([.. SweepSnapshots.TinyRegression, "--parallel", "2"]);
        Assert.Equal(one.Out, two.Out);
        Assert.Equal(one.Csv, two.Csv);
    }

    [Fact]
    public void The_csv_has_the_header_and_one_row_per_configuration_and_seed()
    {
        var run = SweepSnapshots.RunSweep(SweepSnapshots.TinyRegression);
        var rows = run.Csv.TrimEnd('\n').Split('\n');
        Assert.Equal("task,layout,activation,optimizer,lr,batch_size,seed,final_loss,final_mse,epochs,seconds,stop,solved", rows[0]);
        Assert.Equal(5, rows.Length);
        long s = TutorialRuns.RegressionSeed; // the first seed of a regression sweep by default
        Assert.Equal([$"1-10-1,{s}", $"1-10-1,{s + 1}", $"1-10-10-1,{s}", $"1-10-10-1,{s + 1}"], rows[1..].Select(r => $"{r.Split(',')[1]},{r.Split(',')[6]}"));
        Assert.All(rows[1..], r => Assert.StartsWith("regression,", r));
        Assert.All(rows[1..], r => Assert.EndsWith(",s,completed,", r));
        Assert.Contains("Wrote <out>/sweep.csv (4 rows)", run.Out);
    }

    [Fact]
    public void Progress_goes_to_stderr_as_plain_lines_when_stdout_is_not_a_terminal()
    {
        string folder = TempFolder();
        var (code, _, error) = CliRunner.Run("sweep", "--layout", "1,4,1", "--seeds", "2", "--epochs", "3", "--no-plots", "--out", folder);
        SweepSnapshots.DeleteFolder(folder);
        Assert.Equal(0, code);
        var lines = error.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^sweep: 2/2 runs done, \d+:\d\d elapsed, about \d+:\d\d left$", lines[1]);
    }

    [Fact]
    public void Plots_are_written_as_png_and_xor_has_no_fit_grid()
    {
        string folder = TempFolder(), xor = TempFolder();
        try
        {
            var (code, output, error) = CliRunner.Run("sweep", "--layout", "1,6,1", "--batch-size", "25", "--batch-size", "all", "--seeds", "1", "--epochs", "5", "--quiet", "--out", folder);
            Assert.True(code == 0, error);
            Assert.Contains("sweep-loss.png", output);
            Assert.Contains("sweep-fits.png", output);
            AssertPng(Path.Combine(folder, "sweep-loss.png"));
            AssertPng(Path.Combine(folder, "sweep-fits.png"));

            Assert.Equal(0, CliRunner.Run("sweep", "--task", "xor", "--seeds", "1", "--epochs", "5", "--quiet", "--out", xor).ExitCode);
            AssertPng(Path.Combine(xor, "sweep-loss.png"));
            Assert.False(File.Exists(Path.Combine(xor, "sweep-fits.png")));
        }
        finally
        {
            SweepSnapshots.DeleteFolder(folder);
            SweepSnapshots.DeleteFolder(xor);
        }
    }

    [Fact]
    public void A_fit_grid_left_by_an_earlier_sweep_does_not_stay_beside_a_sweep_that_draws_none()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run("sweep", "--layout", "1,4,1", "--seeds", "1", "--epochs", "3", "--quiet", "--out", temp.Path).ExitCode);
        Assert.True(File.Exists(temp.File("sweep-fits.png")));

        var (code, output, _) = CliRunner.Run("sweep", "--task", "xor", "--seeds", "1", "--epochs", "3", "--quiet", "--out", temp.Path);

        Assert.Equal(0, code);
        Assert.False(File.Exists(temp.File("sweep-fits.png")));
        Assert.Contains("Removed ", output);
        Assert.StartsWith("task,", File.ReadAllText(temp.File("sweep.csv")));
        Assert.Contains("\nxor,", File.ReadAllText(temp.File("sweep.csv")));
    }

    [Fact]
    public void Diverged_runs_are_reported_not_fatal()
    {
        var run = SweepSnapshots.RunSweep("sweep", "--layout", "1,10,1", "--optimizer", "sgd", "--lr", "10", "--seeds", "2", "--epochs", "50", "--quiet", "--no-plots");
        Assert.Contains("diverged (2/2)", run.Out);
        Assert.Contains($"{TutorialRuns.RegressionSeed}: diverged", run.Out);
        Assert.All(run.Csv.TrimEnd('\n').Split('\n')[1..], r => Assert.Contains(",nan,nan,", r));
    }

    [Fact]
    public void The_sweep_run_of_the_tutorial_xor_settings_matches_the_xor_replay()
    {
        var run = SweepSnapshots.RunSweep("sweep", "--task", "xor", "--seeds", "1", "--quiet", "--no-plots");
        double finalLoss = double.Parse(run.Csv.Split('\n')[1].Split(',')[7], CultureInfo.InvariantCulture);
        string replay = ReplaySnapshots.RunStable("xor", "--no-plots");
        Assert.Contains($"Loss after epoch  1000: {PythonFormat.General(finalLoss)}\n", replay);
        Assert.Contains("XOR not solved", replay);
        Assert.Contains(",false\n", run.Csv);
    }

    [Theory]
    [InlineData("mlp: --batch-size 0: must be at least 1 (or 'all')", "--batch-size", "0")]
    [InlineData("mlp: --task: unknown task 'nope'; valid: regression, xor", "--task", "nope")]
    [InlineData("mlp: --preset: unknown preset 'nope'; valid: tutorial, xor", "--preset", "nope")]
    [InlineData("mlp: --task regression: the preset is a xor sweep", "--preset", "xor", "--task", "regression")]
    [InlineData("mlp: --layout 1,10,1: the first width is 1 but the data has 2 input column(s)", "--task", "xor", "--layout", "1,10,1")]
    [InlineData("mlp: --seeds 0: must be at least 1", "--seeds", "0")]
    [InlineData("mlp: --lr -1: the learning rate must be a finite number > 0", "--lr", "-1")]
    [InlineData("mlp: --sort 'fast': expected mse or loss", "--sort", "fast")]
    [InlineData("mlp: --parallel -1: must be 0 (one per core) or more", "--parallel", "-1")]
    [InlineData("mlp: --epochs -5: must be 0 or more", "--epochs", "-5")]
    public void Bad_options_give_one_line_and_exit_2(string expected, params string[] args)
    {
        string folder = TempFolder();
        var (code, output, error) = CliRunner.Run(["sweep", .. args, "--out", folder]);
        Assert.False(Directory.Exists(folder), "a bad option must be caught before anything is written");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(expected + "\n", error);
    }

    [Fact]
    public void An_unknown_optimizer_or_activation_names_the_valid_ones()
    {
        var (code, _, error) = CliRunner.Run("sweep", "--optimizer", "adam", "--optimizer", "bogus", "--out", TempFolder());
        Assert.Equal(2, code);
        Assert.StartsWith("mlp: --optimizer bogus: unknown optimizer 'bogus'; valid: ", error);

        (code, _, error) = CliRunner.Run("sweep", "--activation", "wobbly", "--out", TempFolder());
        Assert.Equal(2, code);
        Assert.StartsWith("mlp: --activation: unknown activation 'wobbly'", error);
    }

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), $"sweep-{Guid.NewGuid():N}");

    private static void AssertPng(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }
}
