namespace Functional.Snapshots.Tests;

/// <summary>
/// The top-level handler: an exception that is not a user error (here thrown from the per-epoch test
/// hook, standing in for a bug) gives one line and exit code 1, and the full trace only with --verbose.
/// </summary>
public class UnexpectedErrorTests
{
    private static bool Boom(Functional.Core.Training.EpochRecord record) =>
        throw new InvalidOperationException($"boom at epoch {record.Epoch}\nsecond line");

    [Fact]
    public void An_unexpected_exception_is_one_line_with_exit_code_1()
    {
        var (code, _, error) = CliRunner.RunWith(Boom, "xor", "--epochs", "5", "--no-plots");
        Assert.Equal(1, code);
        Assert.Equal("mlp: unexpected error: InvalidOperationException: boom at epoch 1 second line (run with --verbose for the trace)\n", error);
    }

    [Fact]
    public void Verbose_shows_the_trace()
    {
        var (code, _, error) = CliRunner.RunWith(Boom, "xor", "--epochs", "5", "--no-plots", "--verbose");
        Assert.Equal(1, code);
        Assert.StartsWith("mlp: unexpected error: System.InvalidOperationException: boom at epoch 1", error);
        Assert.Contains("   at ", error);
    }
}
