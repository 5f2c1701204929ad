using System.Globalization;
using Functional.Core.Sweep;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Functional.Cli.Commands;

/// <summary>
/// The sweep's comparison table: one row per configuration, best first, with the mean and spread of the
/// final loss and final MSE over the seeds, the best and worst seed, (XOR) how many seeds solved it, and
/// the mean time per run. On a terminal it is drawn with rounded borders at the terminal's width; otherwise
/// as a Markdown table, wide enough never to wrap, so the text is the same from run to run.
/// </summary>
internal static class SweepTable
{
    private const int PlainWidth = 400;

    public static void Write(CommandContext context, SweepResult result, SweepMetric metric)
    {
        bool terminal = ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        var table = Build(result, metric, terminal ? TableBorder.Rounded : TableBorder.Markdown, wrap: terminal);
        if (terminal)
        {
            AnsiConsole.Write(table);
            return;
        }

        // Spectre draws the Markdown border's top and bottom edges as lines of spaces and pads every cell
        // to the console width: render to text first, then drop the blank lines and trailing spaces.
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = PlainWidth;
        console.Write(table);
        foreach (string line in text.ToString().ReplaceLineEndings("\n").Split('\n'))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                context.Out.WriteLine(line.TrimEnd());
            }
        }
    }

    /// <summary>The lines under the table that say how to read it.</summary>
    public static IEnumerable<string> Notes(SweepResult result, SweepMetric metric)
    {
        string by = metric == SweepMetric.FinalMse ? "final MSE" : "final loss";
        if (result.Grid.Task == SweepTask.Xor)
        {
            yield return "Solved: seeds whose net gets every XOR output right after rounding. Ranked by that share, then by fewer diverged";
            yield return $"seeds, then by the mean {by}.";
        }
        else
        {
            yield return $"Ranked by the mean {by} over the seeds, configurations with diverged seeds last.";
        }

        yield return "Final loss: the last epoch's summed batch loss, as the tutorial logs it (it grows with the number of batches).";
        yield return "Final MSE: the trained net's mean squared error on all the data. Mean ± sample standard deviation (n - 1)";
        yield return $"over the seeds that did not diverge; best and worst seed by {by}; s/run: mean seconds per run.";
    }

    private static Table Build(SweepResult result, SweepMetric metric, TableBorder border, bool wrap)
    {
        bool xor = result.Grid.Task == SweepTask.Xor;
        var table = new Table().Border(border);
        string by = metric == SweepMetric.FinalMse ? "MSE" : "loss";
        var headers = new List<string> { "#", "layout", "activation", "optimizer", "lr", "batch" };
        if (xor)
        {
            headers.Add("solved");
        }

        headers.AddRange(["final loss", "final MSE", $"best seed ({by})", $"worst seed ({by})", "s/run"]);
        foreach (string header in headers)
        {
            // On a terminal cells may wrap to fit its width; plain text never wraps (the console is made wide).
            var column = new TableColumn(new Text(header)) { NoWrap = !wrap };
            table.AddColumn(IsNumeric(header) ? column.RightAligned() : column);
        }

        int rank = 0;
        foreach (var summary in result.Ranked(metric))
        {
            var c = summary.Configuration;
            var cells = new List<string> { (++rank).ToString(CultureInfo.InvariantCulture), c.LayoutText, c.Activation.Name, c.OptimizerText, c.LearningRateText, c.BatchText };
            if (xor)
            {
                cells.Add(Solved(summary));
            }

            cells.Add(MeanSpread(summary.Loss, summary.Diverged));
            cells.Add(MeanSpread(summary.Mse, summary.Diverged));
            cells.Add(Seed(summary.Best(metric), metric));
            cells.Add(Seed(summary.Worst(metric), metric));
            cells.Add(summary.MeanElapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture));
            table.AddRow(cells.Select(text => (IRenderable)new Text(text)));
        }

        return table;
    }

    private static bool IsNumeric(string header) => header is "#" or "lr" or "final loss" or "final MSE" or "s/run" or "solved";

    private static string Solved(ConfigurationSummary summary) =>
        string.Create(CultureInfo.InvariantCulture, $"{summary.SolvedCount}/{summary.Runs.Length} ({summary.SolvedFraction ?? 0:P0})").Replace(" %", "%", StringComparison.Ordinal);

    private static string MeanSpread(SeedStatistics stats, int diverged)
    {
        if (stats.FiniteCount == 0)
        {
            // No finite value: every seed diverged, or (final loss with --epochs 0) no epoch ran.
            return diverged > 0 ? $"diverged ({diverged}/{stats.Count})" : "-";
        }

        string text = PythonFormat.General(stats.Mean);
        if (!double.IsNaN(stats.StandardDeviation))
        {
            text += " ± " + PythonFormat.General(stats.StandardDeviation);
        }

        return diverged > 0 ? $"{text} ({diverged}/{stats.Count} diverged)" : text;
    }

    private static string Seed(SweepRunResult? run, SweepMetric metric)
    {
        if (run is null)
        {
            return "-";
        }

        double value = metric == SweepMetric.FinalMse ? run.FinalMse : run.FinalLoss;
        string seed = run.Seed.ToString(CultureInfo.InvariantCulture);
        return run.Diverged ? $"{seed}: diverged" : $"{seed}: {PythonFormat.General(value)}";
    }
}
