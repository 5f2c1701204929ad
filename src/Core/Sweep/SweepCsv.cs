using System.Diagnostics.Contracts;
using System.Globalization;
using System.Text;
using Functional.Core.Training;

namespace Functional.Core.Sweep;

/// <summary>
/// The sweep's table of runs as CSV text: one row per (configuration, seed) in run-index order. Every column
/// but <c>seconds</c> is a pure function of the grid and the data, so two sweeps of the same grid give the
/// same file apart from that column.
/// </summary>
public static class SweepCsv
{
    /// <summary>The header: the columns in order.</summary>
    public const string Header = "task,layout,activation,optimizer,lr,batch_size,seed,final_loss,final_mse,epochs,seconds,stop,solved";

    /// <summary>
    /// Returns the CSV text (header, then one line per run, each ending in '\n'). Numbers are invariant,
    /// losses in shortest round-trip form (lower-case exponent), NaN as <c>nan</c> (a diverged run; <c>stop</c> then says
    /// <c>diverged</c>); layout widths are joined by '-'; batch size is a number or <c>all</c>;
    /// <c>seconds</c> has millisecond precision; <c>solved</c> is true/false for XOR and empty for regression.
    /// A field holding a comma or quote is quoted.
    /// </summary>
    [Pure]
    public static string Format(SweepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder(Header).Append('\n');
        string task = SweepTasks.Name(result.Grid.Task);
        foreach (var run in result.Runs)
        {
            var c = run.Configuration;
            string[] fields =
            [
                task,
                c.LayoutText,
                c.Activation.Name,
                c.OptimizerText,
                c.LearningRateText,
                c.BatchText,
                run.Seed.ToString(CultureInfo.InvariantCulture),
                Number(run.FinalLoss),
                Number(run.FinalMse),
                run.Epochs.ToString(CultureInfo.InvariantCulture),
                run.Elapsed.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture),
                Stop(run.Reason),
                run.Solved is bool solved ? (solved ? "true" : "false") : "",
            ];
            text.AppendJoin(',', fields.Select(Quote)).Append('\n');
        }

        return text.ToString();
    }

    // Lower-case exponent (1.72e+45), as Python and NumPy write it.
    private static string Number(double value) =>
        double.IsNaN(value) ? "nan" : value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');

    /// <summary>A stop reason as sweep.csv and sweep shard files write it: completed, diverged, early_stopped, cancelled.</summary>
    internal static string Stop(StopReason reason) => reason switch
    {
        StopReason.Completed => "completed",
        StopReason.Diverged => "diverged",
        StopReason.EarlyStopped => "early_stopped",
        StopReason.Cancelled => "cancelled",
        _ => reason.ToString().ToLowerInvariant(),
    };

    private static string Quote(string field) =>
        field.Contains(',', StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal)
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
}
