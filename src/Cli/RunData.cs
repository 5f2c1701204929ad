using Functional.Core;
using Functional.Core.Data;

namespace Functional.Cli;

/// <summary>Loads a run's data: the user's CSV when --data is given, else the replay's own data; checks it fits the layout.</summary>
internal static class RunData
{
    /// <summary>
    /// Returns the data and the request with the data's fingerprint in its host section (read in one pass, so a
    /// pipe works); with --resume, refuses data whose fingerprint differs from the saved one.
    /// </summary>
    public static (Dataset Data, RunRequest Request) Load(RunRequest request, Func<Dataset> builtIn)
    {
        Dataset data;
        if (request.DataFile is { } file)
        {
            string sha256;
            try
            {
                var csv = DatasetCsv.ReadFile(file, null, out sha256);
                data = csv.Data;
                if (csv.HasHeader)
                {
                    request = request with { ColumnNames = (csv.InputNames[0], csv.TargetNames[0]) };
                }
            }
            catch (DataFormatException e)
            {
                throw new UsageException($"--data {e.Message}");
            }

            TrainOptions.RequireSameData(request, sha256);
            request = request with { Host = RunCheckpoints.WithData(request.Host, file, sha256) };
        }
        else
        {
            data = builtIn();
        }

        var layout = request.Config.Layout;
        if (data.InputCount != layout[0])
        {
            throw new UsageException($"--layout {string.Join(",", layout)}: the first width is {layout[0]} but the data has {data.InputCount} input column(s)");
        }

        if (data.OutputCount != layout[^1])
        {
            throw new UsageException($"--layout {string.Join(",", layout)}: the last width is {layout[^1]} but the data has {data.OutputCount} target column(s)");
        }

        if (request.Config.ValidationFraction > 0 && data.Count < 2)
        {
            throw new UsageException($"--validation {request.Config.ValidationFraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}: the data has {data.Count} sample(s); a validation split needs at least 2 (one to train on, one to validate)");
        }

        return (data, request);
    }
}
