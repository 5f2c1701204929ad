using System.Collections.Immutable;
using Functional.Core;
using Functional.Core.Data;

namespace Functional.Cli;

/// <summary>A --data file as read: its data set with column names, and the SHA-256 of the bytes read.</summary>
internal sealed record LoadedCsv(CsvDataset Csv, string Sha256);

/// <summary>Loads a run's data: the user's CSV when --data is given, else the replay's own data; checks it fits the layout.</summary>
internal static class RunData
{
    /// <summary>
    /// Reads a --data file in one pass (so a pipe works). Throws <see cref="UsageException"/> with the reader's
    /// one line.
    /// </summary>
    public static LoadedCsv Read(string file)
    {
        try
        {
            var csv = DatasetCsv.ReadFile(file, null, out string sha256);
            return new LoadedCsv(csv, sha256);
        }
        catch (DataFormatException e)
        {
            throw new UsageException($"--data {e.Message}");
        }
    }

    /// <summary>
    /// The layout when --layout is not given but --data is: the command's default layout with its first and
    /// last widths replaced by the data's input and target column counts (the hidden layers are the tutorial's).
    /// Throws <see cref="UsageException"/> when the data is too wide for a network.
    /// </summary>
    public static ImmutableArray<int> InferLayout(ImmutableArray<int> defaultLayout, Dataset data, string file)
    {
        var layout = defaultLayout.SetItem(0, data.InputCount).SetItem(defaultLayout.Length - 1, data.OutputCount);
        if (data.InputCount > Limits.MaxWidth || Limits.ParameterCount(layout) > Limits.MaxParameters)
        {
            throw new UsageException($"--data {AtomicFile.Excerpt(file)}: {data.InputCount:N0} input column(s) make the layout {AtomicFile.Excerpt(string.Join(",", layout))}, more than {Limits.MaxParameters:N0} parameters, the most a network may have");
        }

        return layout;
    }

    /// <summary>
    /// Returns the data and the request with the data's fingerprint in its host section (read in one pass, so a
    /// pipe works, and only once: a file already read to infer the layout is not read again); with --resume,
    /// refuses data whose fingerprint differs from the saved one.
    /// </summary>
    public static (Dataset Data, RunRequest Request) Load(RunRequest request, Func<Dataset> builtIn)
    {
        Dataset data;
        if (request.DataFile is { } file)
        {
            var (csv, sha256) = request.Preloaded ?? Read(file);
            data = csv.Data;
            if (csv.HasHeader)
            {
                request = request with { ColumnNames = (csv.InputNames[0], csv.TargetNames[0]) };
            }

            TrainOptions.RequireSameData(request, sha256);
            request = request with { Host = RunCheckpoints.WithData(request.Host, file, sha256), Preloaded = null };
        }
        else
        {
            data = builtIn();
        }

        OptionParsers.RequireFits(data, request.Run.Layout);

        if (request.Run.ValidationFraction > 0 && data.Count < 2)
        {
            throw new UsageException($"--validation {request.Run.ValidationFraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}: the data has {data.Count} sample(s); a validation split needs at least 2 (one to train on, one to validate)");
        }

        return (data, WithScheduleLength(request, data));
    }

    /// <summary>
    /// With a schedule, the run's updates must fit its step count, and a cosine schedule without t_max gets the
    /// run's length (its updates after any warm-up), fixed from then on: a checkpoint stores it, so a resumed run
    /// keeps it whatever its --epochs.
    /// </summary>
    private static RunRequest WithScheduleLength(RunRequest request, Dataset data)
    {
        var run = request.Run;
        if (run.Schedule is not { } schedule)
        {
            return request;
        }

        long updates = (long)run.Epochs * Batching.BatchCount(RunHost.TrainCount(run.ValidationFraction, data), run.Batches);
        if (updates > int.MaxValue)
        {
            throw new UsageException($"--schedule {schedule}: the run makes {updates:N0} updates, more than a schedule counts ({int.MaxValue:N0}); use fewer epochs or larger batches");
        }

        var resolved = schedule.WithDefaultLength(updates);
        if (resolved == schedule)
        {
            return request;
        }

        return request with { Run = run with { Schedule = resolved } };
    }
}
