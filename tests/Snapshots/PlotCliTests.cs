using System.Buffers.Binary;
using System.Xml.Linq;

namespace Functional.Snapshots.Tests;

/// <summary>The figures: which files each command writes, valid PNG or SVG of the expected size, deterministic bytes.</summary>
public sealed class PlotCliTests
{
    private static readonly byte[] PngMagic = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void RegressionWritesTheFitAndTheLossAsPng()
    {
        using var temp = new TempFolder();
        string outDir = temp.File("figures"); // created by the run
        var (code, output, error) = CliRunner.Run("regression", "--epochs", "20", "--log-every", "10", "--out", outDir);
        Assert.Equal((0, ""), (code, error));
        string fit = Path.Combine(outDir, "regression_fit.png"), loss = Path.Combine(outDir, "regression_loss.png");
        Assert.EndsWith($"Plots: {fit}, {loss}\n", output);
        Assert.Equal((800, 600), PngSize(fit));
        Assert.Equal((800, 600), PngSize(loss));
    }

    [Fact]
    public void XorWritesTheDecisionBoundaryAndTheLossAsSvg()
    {
        using var temp = new TempFolder();
        var (code, output, _) = CliRunner.Run("xor", "--epochs", "20", "--out", temp.Path, "--format", "svg");
        Assert.Equal(0, code);
        string boundary = temp.File("xor_decision_boundary.svg"), loss = temp.File("xor_loss.svg");
        Assert.EndsWith($"Plots: {boundary}, {loss}\n", output);
        Assert.Equal((600, 660), SvgSize(boundary));
        Assert.Equal((800, 600), SvgSize(loss));
    }

    [Fact]
    public void TheSameRunDrawsTheSameBytes()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        Assert.Equal(0, CliRunner.Run("xor", "--epochs", "30", "--out", a.Path, "--validation", "0.25").ExitCode);
        Assert.Equal(0, CliRunner.Run("xor", "--epochs", "30", "--out", b.Path, "--validation", "0.25").ExitCode);
        foreach (string name in new[] { "xor_decision_boundary.png", "xor_loss.png" })
        {
            Assert.Equal(File.ReadAllBytes(a.File(name)), File.ReadAllBytes(b.File(name)));
        }
    }

    // Separate processes: each draws its figures fresh, with the warm-up on another core racing its training and
    // the figures drawn side by side; SVGs carry ids Skia numbers process-wide, so only a fresh process shows
    // whether the warm-up or the drawing order changes them.
    [Theory]
    [InlineData("xor", "png")]
    [InlineData("xor", "svg")]
    [InlineData("regression", "svg")]
    public async Task Separate_processes_draw_the_same_bytes(string command, string format)
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        foreach (var folder in new[] { a, b })
        {
            using var process = CliProcess.Start(command, "--epochs", "300", "--out", folder.Path, "--format", format, "--quiet");
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            Assert.Equal(0, process.ExitCode);
        }

        var names = Directory.GetFiles(a.Path).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(2, names.Length);
        Assert.All(names, name => Assert.EndsWith("." + format, name));
        Assert.Equal(names, Directory.GetFiles(b.Path).Select(Path.GetFileName).Order().ToArray());
        foreach (string? name in names)
        {
            Assert.Equal(File.ReadAllBytes(a.File(name!)), File.ReadAllBytes(b.File(name!)));
        }
    }

    [Fact]
    public void NoPlotsDrawsNothing()
    {
        using var temp = new TempFolder();
        var (code, output, _) = CliRunner.Run("xor", "--epochs", "5", "--out", temp.Path, "--no-plots");
        Assert.Equal(0, code);
        Assert.DoesNotContain("Plots:", output);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void AnUnknownFormatIsAUsageError() =>
        PersistenceCliTests.AssertUsage("mlp: --format 'bmp': expected png or svg", "xor", "--epochs", "5", "--format", "bmp");

    [Fact]
    public void Regression_and_xor_into_one_folder_keep_each_other_s_figures()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run("regression", "--epochs", "5", "--out", temp.Path).ExitCode);
        byte[] regressionLoss = File.ReadAllBytes(temp.File("regression_loss.png"));
        Assert.Equal(0, CliRunner.Run("xor", "--epochs", "5", "--out", temp.Path).ExitCode);

        Assert.Equal(["regression_fit.png", "regression_loss.png", "xor_decision_boundary.png", "xor_loss.png"], Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(regressionLoss, File.ReadAllBytes(temp.File("regression_loss.png")));
    }

    [Fact]
    public void A_csv_s_column_names_label_the_fit_figure_s_axes()
    {
        using var temp = new TempFolder();
        string data = temp.File("d.csv");
        File.WriteAllText(data, "hours,temperature\n0,1\n1,2\n2,4\n3,5\n");
        Assert.Equal(0, CliRunner.Run("regression", "--data", data, "--epochs", "5", "--format", "svg", "--out", temp.Path).ExitCode);
        string fit = File.ReadAllText(temp.File("regression_fit.svg"));
        Assert.Contains(AxisLabel("hours"), fit);
        Assert.Contains(AxisLabel("temperature"), fit);

        Assert.Equal(0, CliRunner.Run("regression", "--epochs", "5", "--format", "svg", "--out", temp.File("tutorial")).ExitCode);
        string tutorial = File.ReadAllText(Path.Combine(temp.File("tutorial"), "regression_fit.svg"));
        Assert.DoesNotContain(AxisLabel("hours"), tutorial);
        Assert.Contains(AxisLabel("x"), tutorial);
    }

    // ScottPlot's SVG writes a label as the element's whole text, on a line of its own.
    private static string AxisLabel(string text) => $">\n\t\t\t{text}\n\t</text>";

    [Fact]
    public void DataWithTwoInputsGetsNoFitPlot()
    {
        using var temp = new TempFolder();
        string data = temp.File("d.csv");
        File.WriteAllText(data, "a,b,y\n0,1,1\n1,0,2\n1,1,3\n");
        var (code, output, _) = CliRunner.Run("regression", "--data", data, "--layout", "2,3,1", "--epochs", "5", "--out", temp.Path);
        Assert.Equal(0, code);
        Assert.EndsWith($"Plots: {temp.File("regression_loss.png")}\n", output);
    }

    [Theory]
    [InlineData(-7.5, -0.4, new[] { "1e-07", "1e-06", "1e-05", "0.0001", "0.001", "0.01", "0.1" })]
    [InlineData(2.6, 4.1, new[] { "500", "1000", "2000", "5000", "10000" })]
    [InlineData(-0.62, -0.49, new[] { "0.24", "0.26", "0.28", "0.30", "0.32" })]
    [InlineData(-0.63, -0.60, new[] { "0.235", "0.240", "0.245", "0.250" })]
    [InlineData(5.5, 6.9, new[] { "500000", "1e+06", "2e+06", "5e+06" })]
    // Beyond ten decades (a sweep with a run that blows up) only every sixth decade here: 47 decades / 8.
    [InlineData(-1.5, 44.2, new[] { "1", "1e+06", "1e+12", "1e+18", "1e+24", "1e+30", "1e+36", "1e+42" })]
    public void LogAxisLabelsAtLeastTwoRoundValues(double low, double high, string[] labels)
    {
        var ticks = Functional.Cli.Plots.LogTicks.Compute(low, high).Majors;
        Assert.Equal(labels, ticks.Select(t => t.Label));
        foreach (var tick in ticks)
        {
            Assert.InRange(tick.Position, low, high);
            double value = double.Parse(tick.Label, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(Math.Pow(10, tick.Position) - value) <= 1e-12 * value, $"tick {tick.Label} sits at 10^{tick.Position}");
        }
    }

    /// <summary>Checks the PNG signature and returns the IHDR chunk's width and height.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(PngMagic, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    /// <summary>Checks that the file is XML with an svg root and returns its width and height attributes.</summary>
    private static (int Width, int Height) SvgSize(string path)
    {
        var root = XDocument.Load(path).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        return (int.Parse((string)root.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse((string)root.Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
