using System.Globalization;
using System.Text;
using Functional.Core.Training;

namespace Functional.Cli;

/// <summary>A training trace as CSV (<c>epoch,loss[,validation_loss]</c>).</summary>
internal static class TraceFile
{
    public static byte[] Format(TrainingTrace trace)
    {
        bool validation = trace.Epochs.Any(e => e.ValidationLoss is not null);
        var sb = new StringBuilder(validation ? "epoch,loss,validation_loss\n" : "epoch,loss\n");
        foreach (var e in trace.Epochs)
        {
            sb.Append(e.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',').Append(e.Loss.ToString("R", CultureInfo.InvariantCulture));
            if (validation)
            {
                sb.Append(',').Append(e.ValidationLoss?.ToString("R", CultureInfo.InvariantCulture) ?? "");
            }

            sb.Append('\n');
        }

        return AtomicFile.Bytes(sb.ToString());
    }
}
