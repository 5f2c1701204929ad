using System.Collections.Immutable;
using System.Globalization;
using Functional.Core;
using Functional.Core.Serialization;
using Functional.Core.Training;

namespace Functional.Cli;

/// <summary>
/// The CLI's side of checkpoints: the host section it stores in them (command, log interval, data file and
/// its SHA-256), saving one atomically, and where an interrupted run's checkpoint goes.
/// </summary>
internal static class RunCheckpoints
{
    /// <summary>The host-section keys the CLI writes.</summary>
    public const string CommandKey = "command", LogEveryKey = "log_every", DataKey = "data", DataHashKey = "data_sha256";

    /// <summary>The checkpoint file an interrupted run writes when no --save was given, inside --out.</summary>
    public const string InterruptedFileName = "interrupted.json";

    /// <summary>Returns the host section for a run of <paramref name="command"/> (the data file is added once read, with <see cref="WithData"/>).</summary>
    public static ImmutableSortedDictionary<string, string> Host(string command, int logEvery) =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [
            new KeyValuePair<string, string>(CommandKey, command),
            new KeyValuePair<string, string>(LogEveryKey, logEvery.ToString(CultureInfo.InvariantCulture))]);

    /// <summary>Adds the data file's full path and the SHA-256 of the bytes read from it.</summary>
    public static ImmutableSortedDictionary<string, string> WithData(ImmutableSortedDictionary<string, string> host, string dataFile, string sha256) =>
        host.SetItem(DataKey, Path.GetFullPath(dataFile)).SetItem(DataHashKey, sha256);

    /// <summary>The run's checkpoint at <paramref name="state"/> as the bytes of its file.</summary>
    public static byte[] Json(RunRequest request, TrainingState state, OutputTarget target)
    {
        try
        {
            return AtomicFile.Bytes(CheckpointFile.ToJson(Checkpoint.Of(request.Config, request.Optimizer.Spec, state, request.Host)));
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{target.Option} '{target.Path}': cannot save the checkpoint: {e.Message}");
        }
    }

    /// <summary>Writes the run's checkpoint at <paramref name="state"/> to <paramref name="target"/> atomically.</summary>
    public static void Save(CommandContext context, OutputTarget target, RunRequest request, TrainingState state) =>
        AtomicFile.Commit(context, target, Json(request, state, target));

    /// <summary>Where an interrupted run saves: --save when given, else interrupted.json inside --out.</summary>
    public static string InterruptedPath(RunRequest request) =>
        request.SavePath ?? Path.Combine(request.OutDirectory, InterruptedFileName);

    /// <summary>
    /// Loads the checkpoint for <c>--resume</c>. Throws <see cref="UsageException"/> with the reader's one line.
    /// </summary>
    public static Checkpoint Load(string path)
    {
        try
        {
            return CheckpointFile.Load(path);
        }
        catch (ModelFormatException e)
        {
            throw new UsageException($"--resume {e.Message}");
        }
    }
}
