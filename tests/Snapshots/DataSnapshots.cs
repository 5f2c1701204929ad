using Snapshooter.Xunit;

namespace Functional.Snapshots.Tests;

public class DataSnapshots
{
    [Fact]
    public void FiveSamples()
    {
        // The snapshot was checked line for line against CPython's MT19937 (see the Properties tests'
        // RandomStateVectors): repr(x) + ',' + repr(pow(x, 3) - x*x + 25*sin(2x) + 10*gauss).
        var (code, output, error) = CliRunner.Run("data", "--n", "5");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Snapshot.Match(output);
    }

    [Fact]
    public void FirstSampleIsTheTutorialsFirstPoint()
    {
        // NumPy: np.random.seed(42); np.random.uniform(-5, 5) = -1.254598811526375 (published).
        var (code, output, _) = CliRunner.Run("data");
        Assert.Equal(0, code);
        string[] lines = output.Split('\n');
        Assert.Equal("x,y", lines[0]);
        Assert.StartsWith("-1.254598811526375,", lines[1]);
        Assert.Equal(102, lines.Length); // header, 100 samples, and the empty string after the last '\n'
        Assert.Equal("", lines[^1]);
    }

    [Fact]
    public void OutWritesTheSameTextAtomically()
    {
        string folder = Directory.CreateTempSubdirectory("functional-data-").FullName;
        try
        {
            string path = Path.Combine(folder, "data.csv");
            File.WriteAllText(path, "old");
            var (code, output, error) = CliRunner.Run("data", "--n", "7", "--seed", "3", "--noise", "0.5", "--out", path);
            Assert.Equal((0, "", ""), (code, output, error));
            Assert.Equal(CliRunner.Run("data", "--n", "7", "--seed", "3", "--noise", "0.5").Out, File.ReadAllText(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(folder)); // no temporary file left behind
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("mlp: --n 0: the number of samples must be at least 1", "--n", "0")]
    [InlineData("mlp: --noise -1: the noise scale must be a finite number >= 0", "--noise", "-1")]
    [InlineData("mlp: --seed -3: a NumPy seed lies in 0..4294967295", "--seed", "-3")]
    [InlineData("mlp: --seed 4294967296: a NumPy seed lies in 0..4294967295", "--seed", "4294967296")]
    public void BadValuesGiveOneLineAndExitCode2(string message, params string[] args)
    {
        var (code, output, error) = CliRunner.Run(["data", .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(message + "\n", error);
    }

    [Fact]
    public void UnwritableOutGivesOneLineAndExitCode2()
    {
        string path = Path.Combine(Path.GetTempPath(), $"functional-missing-{Guid.NewGuid():N}", "data.csv");
        var (code, _, error) = CliRunner.Run("data", "--out", path);
        Assert.Equal(2, code);
        Assert.StartsWith($"mlp: --out '{path}': cannot write the file: the folder", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void NonNumericOptionIsAParseError()
    {
        var (code, _, error) = CliRunner.Run("data", "--n", "many");
        Assert.Equal(2, code);
        Assert.StartsWith("mlp: ", error);
    }
}
