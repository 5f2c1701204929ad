using Functional.Core.Serialization;

namespace Functional.Snapshots.Tests;

/// <summary>--schedule on the command line: what it does to the learning rate, in checkpoints and on resume.</summary>
public sealed class ScheduleCliTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>Runs the command with --trace and returns every epoch's loss as written (round-trip text).</summary>
    private string[] Trace(params string[] args)
    {
        string trace = temp.File($"trace-{Guid.NewGuid():N}.csv");
        var (code, _, error) = CliRunner.Run([.. args, "--no-plots", "--trace", trace]);
        Assert.True(code == 0, error);
        return [.. File.ReadAllLines(trace).Skip(1).Select(l => l.Split(',')[1])];
    }

    [Fact]
    public void A_step_to_rate_zero_freezes_the_net_after_that_many_updates()
    {
        // XOR is one full batch, so one update per epoch; from update 10 on the rate is 0.03 * 0^1 = 0. Epoch k's
        // loss is of the net after k - 1 updates: epochs 1-11 are the fixed-rate run's, 11-25 all the same.
        string[] run = ["xor", "--epochs", "25"];
        var stepped = Trace([.. run, "--schedule", "step:every=10,gamma=0"]);
        var fixedRate = Trace(run);
        Assert.Equal(fixedRate[..11], stepped[..11]);
        Assert.NotEqual(fixedRate[11], stepped[11]);
        Assert.All(stepped[11..], loss => Assert.Equal(stepped[10], loss));
        Assert.NotEqual(stepped[9], stepped[10]);
    }

    [Fact]
    public void Batches_are_updates_the_schedule_counts()
    {
        // Regression's 100 samples in batches of 25 make 4 updates an epoch: every=8 freezes the net after 2 epochs.
        var stepped = Trace("regression", "--epochs", "6", "--optimizer", "sgd", "--lr", "0.001", "--schedule", "step:every=8,gamma=0", "--no-shuffle");
        Assert.NotEqual(stepped[1], stepped[2]);
        Assert.All(stepped[3..], loss => Assert.Equal(stepped[2], loss));
    }

    [Fact]
    public void A_warmup_from_zero_leaves_the_first_update_without_effect()
    {
        // Linear warm-up from 0: update 0 has rate 0, so epochs 1 and 2 see the same net; update 1 moves it.
        var warm = Trace("xor", "--epochs", "4", "--schedule", "constant:warmup=3");
        Assert.Equal(warm[0], warm[1]);
        Assert.NotEqual(warm[1], warm[2]);
    }

    [Fact]
    public void Constant_is_the_run_without_a_schedule_byte_for_byte()
    {
        string plain = temp.File("plain.json"), constant = temp.File("constant.json");
        var a = CliRunner.Run("xor", "--epochs", "20", "--no-plots", "--save", plain);
        var b = CliRunner.Run("xor", "--epochs", "20", "--no-plots", "--save", constant, "--schedule", "constant");
        Assert.Equal(a.Out.Split('\n')[..^3], b.Out.Split('\n')[..^3]); // all but the timing and checkpoint lines
        Assert.Equal(File.ReadAllText(plain), File.ReadAllText(constant));
        Assert.DoesNotContain("schedule", File.ReadAllText(plain));
    }

    [Fact]
    public void Cosine_without_t_max_spans_the_run_and_the_checkpoint_keeps_its_length()
    {
        // 30 epochs of one update, 5 of them warm-up: the cosine takes the remaining 25.
        string checkpoint = temp.File("cos.json");
        Assert.Equal(0, CliRunner.Run("xor", "--epochs", "30", "--no-plots", "--schedule", "cosine:warmup=5", "--save", checkpoint).ExitCode);
        Assert.Equal("cosine:t_max=25,warmup=5", CheckpointFile.Load(checkpoint).Run.Schedule?.ToString());

        // Update k >= 5 uses the cosine's step k - 5, so update 30 is step t_max = 25, at rate 0: epoch 32 (the net
        // after 31 updates) sees the net of epoch 31, while update 29 (step 24) still moved it.
        var losses = Trace("xor", "--epochs", "32", "--schedule", "cosine:t_max=25,warmup=5");
        Assert.NotEqual(losses[29], losses[30]);
        Assert.Equal(losses[30], losses[31]);
    }

    [Fact]
    public void Resuming_across_a_schedule_boundary_equals_the_uninterrupted_run_byte_for_byte()
    {
        string first = temp.File("first.json"), resumed = temp.File("resumed.json"), straight = temp.File("straight.json");
        string[] run = ["regression", "--lr", "0.01", "--log-every", "2", "--no-plots", "--schedule", "step:every=12,gamma=0.5"];

        // Stopped (as by Ctrl+C) after epoch 5, 20 updates in: past the drop at update 12, before the one at 24.
        var interrupted = CliRunner.RunWith(r => r.Epoch == 5, [.. run, "--epochs", "12", "--save", first]);
        Assert.Equal(130, interrupted.ExitCode);
        var rest = CliRunner.Run("regression", "--resume", first, "--no-plots", "--save", resumed);
        var whole = CliRunner.Run([.. run, "--epochs", "12", "--save", straight]);
        Assert.Equal((0, 0), (rest.ExitCode, whole.ExitCode));

        Assert.Equal(EpochLines(whole.Out), EpochLines(interrupted.Out).Concat(EpochLines(rest.Out)));
        Assert.Equal(File.ReadAllBytes(straight), File.ReadAllBytes(resumed));
        Assert.Equal("step:every=12,gamma=0.5", CheckpointFile.Load(resumed).Run.Schedule?.ToString());
    }

    [Fact]
    public void Schedule_cannot_change_on_resume()
    {
        string checkpoint = temp.File("a.json");
        Assert.Equal(0, CliRunner.Run("xor", "--epochs", "2", "--no-plots", "--save", checkpoint, "--schedule", "exponential:gamma=0.5").ExitCode);
        PersistenceCliTests.AssertUsage(
            $"mlp: --schedule cannot be combined with --resume: a resumed run keeps the settings saved in {checkpoint}",
            "xor", "--resume", checkpoint, "--schedule", "constant");
    }

    [Fact]
    public void A_run_of_more_updates_than_a_schedule_counts_is_refused_before_training()
    {
        string csv = temp.File("300.csv");
        File.WriteAllLines(csv, ["x,y", .. Enumerable.Range(0, 300).Select(i => $"{i},{i % 7}")]);
        BadInputTests.AssertBadInput(
            CliRunner.Run("regression", "--data", csv, "--batch-size", "1", "--epochs", "10000000", "--schedule", "exponential:gamma=1", "--no-plots"),
            "--schedule exponential:gamma=1: the run makes 3,000,000,000 updates, more than a schedule counts (2,147,483,647); use fewer epochs or larger batches");
    }

    [Theory]
    [InlineData("regression")]
    [InlineData("xor")]
    public void Help_lists_the_schedules_with_the_default(string command)
    {
        var (code, output, _) = CliRunner.Run(command, "--help");
        Assert.Equal(0, code);
        string schedule = Assert.Single(output.Split('\n'), l => l.TrimStart().StartsWith("--schedule ", StringComparison.Ordinal)).TrimEnd();
        Assert.Contains("step:every=N", schedule);
        Assert.EndsWith("Default: constant.", schedule);
    }

    private static string[] EpochLines(string output) =>
        [.. output.Split('\n').Where(l => l.StartsWith("Loss after epoch", StringComparison.Ordinal))];
}
