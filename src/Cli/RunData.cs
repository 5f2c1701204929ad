using Functional.Core;
using Functional.Core.Data;

namespace Functional.Cli;

/// <summary>Loads a run's data: the user's CSV when --data is given, else the replay's own data; checks it fits the layout.</summary>
internal static class RunData
{
    public static Dataset Load(RunRequest request, Func<Dataset> builtIn)
    {
        Dataset data;
        if (request.DataFile is { } file)
        {
            try
            {
                data = DatasetCsv.ReadFile(file).Data;
            }
            catch (DataFormatException e)
            {
                throw new UsageException($"--data {e.Message}");
            }
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

        return data;
    }
}
