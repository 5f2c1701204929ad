using System.Globalization;

namespace Functional.Snapshots.Tests;

public class ReplayBehaviourTests
{
    [Fact]
    public void The_same_command_prints_the_same_bytes_and_another_seed_does_not()
    {
        // From the printed start only the batch order depends on the seed; at lr 0.01 it shows in 4 digits within 60 epochs.
        string[] args = ["regression", "--epochs", "60", "--log-every", "10", "--lr", "0.01", "--no-plots"];
        string first = ReplaySnapshots.RunStable(args);
        string second = ReplaySnapshots.RunStable(args);
        string other = ReplaySnapshots.RunStable([.. args, "--seed", "7"]);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void The_default_replay_lands_within_5_percent_of_each_of_the_tutorial_s_printed_lines()
    {
        // The tutorial's printed log (a published reference, restated in the project's tutorial reference).
        double[] tutorial =
        [
            3868, 3111, 1681, 872.3, 685.7, 617.8, 588.2, 567.7, 551.1, 532.1,
            513.4, 494.3, 475.3, 455.1, 435.7, 418.8, 404.1, 389.6, 375.2, 362,
        ];
        string output = ReplaySnapshots.RunStable("regression", "--no-plots");
        var logged = output.Split('\n').Where(l => l.StartsWith("Loss after epoch", StringComparison.Ordinal))
            .Select(l => (Epoch: int.Parse(l[16..22], CultureInfo.InvariantCulture), Loss: double.Parse(l[24..], CultureInfo.InvariantCulture)))
            .ToArray();

        Assert.Equal(Enumerable.Range(1, 20).Select(i => i * 2_500), logged.Select(l => l.Epoch));
        for (int i = 0; i < 20; i++)
        {
            double deviation = Math.Abs(logged[i].Loss - tutorial[i]) / tutorial[i];
            Assert.True(deviation <= 0.05, $"epoch {logged[i].Epoch}: {logged[i].Loss} against the tutorial's {tutorial[i]} ({deviation:P1})");
        }
    }

    [Fact]
    public void The_xor_table_shows_a_csv_s_inputs_as_given_and_never_minus_zero()
    {
        using var temp = new TempFolder();
        string csv = temp.File("xor.csv");
        File.WriteAllText(csv, "a,b,y\n0.25,0,0\n0,1,1\n1,0.5,1\n1,1,0\n");
        string output = ReplaySnapshots.RunStable("xor", "--data", csv, "--epochs", "3", "--no-plots");

        var rows = output.Split('\n').SkipWhile(l => !l.StartsWith("   x1", StringComparison.Ordinal)).Skip(1).Take(4).ToArray();
        Assert.StartsWith(" 0.25    0       0 ", rows[0]);
        Assert.StartsWith("    1  0.5       1 ", rows[2]);
        Assert.All(rows, r => Assert.Matches(@"^.{18} -0\.\d{4}        0$", r)); // three epochs in, every output is a little below 0
    }

    [Fact]
    public void A_run_that_stops_early_says_so_even_when_quiet()
    {
        string[] args = ["regression", "--lr", "0.01", "--patience", "20", "--validation", "0.2", "--epochs", "5000", "--no-plots"];
        string loud = ReplaySnapshots.RunStable([.. args, "--log-every", "1000"]);
        string quiet = ReplaySnapshots.RunStable([.. args, "--quiet"]);

        var line = Assert.Single(loud.Split('\n'), l => l.StartsWith("Stopped early at epoch ", StringComparison.Ordinal));
        Assert.Matches(@"^Stopped early at epoch \d+ of 5000: the validation loss has not improved by more than 0 for 20 epochs \(best [0-9.e+-]+\)\.$", line);
        Assert.Contains(line + "\n", quiet);
        Assert.DoesNotContain("Stopped early", ReplaySnapshots.RunStable("regression", "--epochs", "30", "--no-plots"));
    }

    [Theory]
    [InlineData("regression", "Default: 50000.", "Default: 12.", "Default: adam.", "Example: mlp regression ")]
    [InlineData("xor", "Default: 1000.", "Default: 18.", "Default: adamw.", "Example: mlp xor ")]
    public void Each_command_s_help_shows_its_own_defaults_and_an_example(string command, string epochs, string seed, string optimizer, string example)
    {
        var (code, output, _) = CliRunner.Run(command, "--help");
        Assert.Equal(0, code);
        string Line(string option) => Assert.Single(output.Split('\n'), l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
        Assert.EndsWith(epochs, Line("--epochs").TrimEnd());
        Assert.EndsWith(seed, Line("--seed").TrimEnd());
        Assert.EndsWith(optimizer, Line("--optimizer").TrimEnd());
        Assert.Contains(example, output);
    }

    [Fact]
    public void The_summary_says_what_the_log_lines_sum_and_keeps_held_out_rows_apart()
    {
        // 100 samples in batches of 25: 4 batch means per log line; with 20% held out, 80 train in 25+25+25+5.
        string plain = ReplaySnapshots.RunStable("regression", "--epochs", "10", "--no-plots");
        string held = ReplaySnapshots.RunStable("regression", "--epochs", "10", "--validation", "0.2", "--no-plots");
        string full = ReplaySnapshots.RunStable("regression", "--epochs", "10", "--batch-size", "all", "--no-plots");

        Assert.Matches(@"\nFinal MSE on the data: [0-9.e+]+ \(100 samples; each log line sums the epoch's 4 batch means\)\n", plain);
        Assert.Matches(@"\nFinal MSE: [0-9.e+]+ on the 80 training samples, [0-9.e+]+ on the 20 held out \(each log line sums the epoch's 4 batch means\)\n", held);
        Assert.Matches(@"\nFinal MSE on the data: [0-9.e+]+ \(100 samples; the log lines are the loss of the one full batch\)\n", full);
    }

    [Fact]
    public void Drop_last_leaves_out_each_epoch_s_short_batch()
    {
        // 100 samples in batches of 30: three full batches and one of 10, which --drop-last leaves out.
        string dropped = CliRunner.Run("regression", "--batch-size", "30", "--drop-last", "--epochs", "2", "--no-plots").Out;
        string kept = CliRunner.Run("regression", "--batch-size", "30", "--epochs", "2", "--no-plots").Out;
        Assert.Contains("each log line sums the epoch's 3 batch means", dropped);
        Assert.Contains("\nSteps: 6 in ", dropped);
        Assert.Contains("each log line sums the epoch's 4 batch means", kept);
        Assert.Contains("\nSteps: 8 in ", kept);
    }

    [Fact]
    public void Log_lines_use_python_format_and_end_with_training_finished()
    {
        string output = ReplaySnapshots.RunStable("regression", "--epochs", "20", "--log-every", "5", "--no-plots");
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(["Loss after epoch     5: ", "Loss after epoch    10: ", "Loss after epoch    15: ", "Loss after epoch    20: "],
            lines[..4].Select(l => l[..24]).ToArray());
        Assert.Equal("Training finished.", lines[4]);
        Assert.StartsWith("Final MSE on the data: ", lines[5]);
    }

    [Fact]
    public void Quiet_prints_only_the_summary()
    {
        string output = ReplaySnapshots.RunStable("xor", "--quiet", "--no-plots");
        Assert.DoesNotContain("Loss after epoch", output);
        Assert.DoesNotContain("Training finished.", output);
        Assert.Contains("XOR not solved", output);
    }

    [Fact]
    public void Trace_file_has_one_row_per_epoch()
    {
        string path = Path.Combine(Path.GetTempPath(), $"trace-{Guid.NewGuid():N}.csv");
        try
        {
            var (code, output, _) = CliRunner.Run("xor", "--epochs", "30", "--trace", path, "--no-plots");
            Assert.Equal(0, code);
            var rows = File.ReadAllLines(path);
            Assert.Equal("epoch,loss", rows[0]);
            Assert.Equal(31, rows.Length);
            Assert.StartsWith("30,", rows[30]);
            // The logged epoch 250 is not reached; the trace's loss is the exact value behind a log line.
            Assert.DoesNotContain("Loss after epoch", output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_learning_rate_that_blows_up_stops_with_exit_3_naming_the_epoch()
    {
        var (code, output, error) = CliRunner.Run("regression", "--optimizer", "sgd", "--lr", "10", "--epochs", "200", "--log-every", "1", "--no-plots");
        Assert.Equal(3, code);
        Assert.Matches(@"^mlp: training diverged at epoch \d+: the loss became NaN or infinite; try a lower learning rate \(--lr\)\n$", error);
        Assert.DoesNotContain("nan", output);
        Assert.DoesNotContain("Training finished.", output);
    }

    [Fact]
    public void A_diverged_run_leaves_existing_files_at_its_save_and_out_paths_unchanged()
    {
        using var temp = new TempFolder();
        string checkpoint = temp.File("run.json"), fit = temp.File("regression_fit.png"), loss = temp.File("regression_loss.png");
        foreach (string path in new[] { checkpoint, fit, loss })
        {
            File.WriteAllText(path, "before");
        }

        var (code, _, _) = CliRunner.Run("regression", "--optimizer", "sgd", "--lr", "10", "--epochs", "50", "--out", temp.Path, "--save", checkpoint);
        Assert.Equal(3, code);
        Assert.All(new[] { checkpoint, fit, loss }, path => Assert.Equal("before", File.ReadAllText(path)));
        Assert.Equal(3, Directory.GetFiles(temp.Path).Length); // no temporary files left behind
    }

    [Fact]
    public void Full_batch_means_one_step_per_epoch()
    {
        var (code, output, _) = CliRunner.Run("regression", "--epochs", "7", "--batch-size", "all", "--no-plots");
        Assert.Equal(0, code);
        Assert.Contains("Steps: 7 in", output);
    }
}
