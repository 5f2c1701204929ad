using System.Globalization;
using Functional.Core.Training;

namespace Functional.Cli;

/// <summary>The tutorial's log lines, formatted exactly as its Python <c>print</c> calls.</summary>
internal static class TrainingLog
{
    /// <summary><c>f'Loss after epoch {epoch:5d}: {loss:.4g}'</c>.</summary>
    public static string EpochLine(EpochRecord record)
    {
        string line = $"Loss after epoch {record.Epoch.ToString(CultureInfo.InvariantCulture),5}: {PythonFormat.General(record.Loss)}";
        return record.ValidationLoss is double v ? $"{line} (validation {PythonFormat.General(v)})" : line;
    }

    /// <summary>The tutorial's closing line.</summary>
    public const string Finished = "Training finished.";

    /// <summary>True when epoch <paramref name="epoch"/> is logged with interval <paramref name="every"/>.</summary>
    public static bool IsLogged(int epoch, int every) => epoch % every == 0;
}
