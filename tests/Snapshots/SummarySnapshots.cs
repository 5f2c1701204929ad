using Snapshooter.Xunit;

namespace Functional.Snapshots.Tests;

public class SummarySnapshots
{
    [Fact]
    public void TutorialNetSummary()
    {
        var (code, output, error) = CliRunner.Run("summary");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Snapshot.Match(output);
    }

    [Fact]
    public void XorNetSummary()
    {
        var (code, output, _) = CliRunner.Run("summary", "--layout", "2,2,1", "--activation", "sigmoid");
        Assert.Equal(0, code);
        Snapshot.Match(output);
    }

    [Fact]
    public void TutorialReprMatchesThePrintedModuleVerbatim()
    {
        // The module as PyTorch printed it in the tutorial (shared reference), typed in independently.
        const string expected = """
            MLP(
              (sequence): Sequential(
                (input): Linear(in_features=1, out_features=10, bias=True)
                (activation_input): ReLU()
                (hidden_0): Linear(in_features=10, out_features=10, bias=True)
                (activation_0): ReLU()
                (hidden_1): Linear(in_features=10, out_features=10, bias=True)
                (activation_1): ReLU()
                (output): Linear(in_features=10, out_features=1, bias=True)
              )
            )
            """;
        var (_, output, _) = CliRunner.Run("summary");
        Assert.StartsWith(expected.ReplaceLineEndings("\n") + "\n", output);
        Assert.Contains("Total parameters: 251", output);
    }
}
