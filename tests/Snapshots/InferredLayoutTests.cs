using Functional.Core.Serialization;
using Snapshooter.Xunit;

namespace Functional.Snapshots.Tests;

/// <summary>
/// Without --layout, a --data run takes its outer widths from the data's columns (inputs, then the last column as
/// the target) and the replay's hidden layers, and says so in one line.
/// </summary>
public sealed class InferredLayoutTests : IDisposable
{
    private const string Note = "Layout: 2,10,10,10,1 (from the data's columns; --layout to choose)\n";

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string TwoInputs()
    {
        string csv = temp.File("two.csv");
        File.WriteAllText(csv, "x1,x2,y\n0,0,0.5\n0,1,1.5\n1,0,2\n1,1,0.25\n0.5,0.5,1\n");
        return csv;
    }

    [Fact]
    public void A_two_input_csv_trains_a_2_10_10_10_1_net_and_says_so()
    {
        string csv = TwoInputs();
        string output = ReplaySnapshots.RunStable("regression", "--data", csv, "--epochs", "30", "--log-every", "10", "--lr", "0.01", "--no-plots");
        Assert.StartsWith(Note, output);
        Snapshot.Match(output);
    }

    [Fact]
    public void The_inferred_layout_trains_exactly_as_the_same_layout_given()
    {
        string csv = TwoInputs();
        string[] args = ["regression", "--data", csv, "--epochs", "30", "--log-every", "5", "--no-plots"];
        string inferred = ReplaySnapshots.RunStable(args);
        string given = ReplaySnapshots.RunStable([.. args, "--layout", "2,10,10,10,1"]);
        Assert.Equal(given, inferred[Note.Length..]);
        Assert.DoesNotContain("Layout:", given);
    }

    [Fact]
    public void Quiet_leaves_the_line_out()
    {
        string output = ReplaySnapshots.RunStable("regression", "--data", TwoInputs(), "--epochs", "3", "--no-plots", "--quiet");
        Assert.DoesNotContain("Layout:", output);
    }

    [Fact]
    public void One_input_data_keeps_the_default_layout_and_prints_no_line()
    {
        string csv = temp.File("one.csv");
        File.WriteAllText(csv, "x,y\n0,1\n1,2\n2,2.5\n3,4\n");
        string[] args = ["regression", "--data", csv, "--epochs", "20", "--log-every", "5", "--no-plots"];
        string inferred = ReplaySnapshots.RunStable(args);
        Assert.Equal(ReplaySnapshots.RunStable([.. args, "--layout", "1,10,10,10,1", "--init", "tutorial"]), inferred);
        Assert.DoesNotContain("Layout:", inferred);
    }

    [Fact]
    public void Xor_keeps_its_hidden_layer_between_the_data_s_widths()
    {
        string csv = temp.File("three.csv");
        File.WriteAllText(csv, "a,b,c,y\n0,0,0,0\n0,1,1,1\n1,0,1,1\n1,1,0,0\n");
        string output = ReplaySnapshots.RunStable("xor", "--data", csv, "--epochs", "5", "--no-plots");
        Assert.StartsWith("Layout: 3,2,1 (from the data's columns; --layout to choose)\n", output);
        Assert.Contains("\n   x1   x2   x3  target  output  rounded\n    0    0    0       0 ", output);

        string one = temp.File("one.csv");
        File.WriteAllText(one, "x,y\n0,0\n1,1\n2,0\n");
        output = ReplaySnapshots.RunStable("xor", "--data", one, "--epochs", "5", "--no-plots");
        Assert.StartsWith("Layout: 1,2,1 (from the data's columns; --layout to choose)\n", output);
        Assert.Contains("\n   x1  target  output  rounded\n    0       0 ", output);
    }

    [Fact]
    public void The_checkpoint_keeps_the_inferred_layout_and_resume_continues_the_straight_run()
    {
        string csv = TwoInputs(), checkpoint = temp.File("run.json");
        string[] args = ["regression", "--data", csv, "--log-every", "5", "--no-plots"];
        var straight = CliRunner.Run([.. args, "--epochs", "20"]);
        var first = CliRunner.Run([.. args, "--epochs", "10", "--save", checkpoint]);
        Assert.Equal(new[] { 2, 10, 10, 10, 1 }, CheckpointFile.Load(checkpoint).Run.Layout.ToArray());
        var second = CliRunner.Run("regression", "--resume", checkpoint, "--epochs", "20", "--no-plots");
        Assert.Equal((0, 0, 0), (straight.ExitCode, first.ExitCode, second.ExitCode));
        Assert.DoesNotContain("Layout:", second.Out);
        Assert.Equal(EpochLines(straight.Out), EpochLines(first.Out).Concat(EpochLines(second.Out)));
    }

    [Fact]
    public void Sweep_infers_the_layout_from_its_data_too()
    {
        var (code, output, error) = CliRunner.Run("sweep", "--data", TwoInputs(), "--epochs", "3", "--seeds", "1", "--no-plots", "--quiet", "--out", temp.File("out"));
        Assert.True(code == 0, error);
        Assert.Contains("\n" + Note, output);
        Assert.Contains("| 2-10-10-10-1 |", output);
    }

    [Fact]
    public void Bad_data_and_layouts_still_give_one_line()
    {
        string csv = TwoInputs();
        BadInputTests.AssertBadInput(
            CliRunner.Run("regression", "--data", csv, "--init", "tutorial", "--no-plots"),
            "--init tutorial: the tutorial's printed start is for its 1-10-10-10-1 net only; the layout is 2-10-10-10-1 (the layout comes from --data's columns)");
        BadInputTests.AssertBadInput(
            CliRunner.Run("regression", "--data", csv, "--layout", "1,10,1", "--no-plots"),
            "--layout 1,10,1: the first width is 1 but the data has 2 input column(s)");
        BadInputTests.AssertBadInput(
            CliRunner.Run("sweep", "--data", csv, "--layout", "1,10,1", "--epochs", "1", "--seeds", "1", "--out", temp.File("out")),
            "--layout 1,10,1: the first width is 1 but the data has 2 input column(s)");
        string ragged = temp.File("ragged.csv");
        File.WriteAllText(ragged, "a,b,y\n1,2,3\n4,5\n");
        BadInputTests.AssertBadInput(
            CliRunner.Run("regression", "--data", ragged, "--no-plots"),
            "ragged.csv:3: expected 3 fields as in the header, found 2");
    }

    private static string[] EpochLines(string output) =>
        [.. output.Split('\n').Where(l => l.StartsWith("Loss after epoch", StringComparison.Ordinal))];
}
