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
    public const string CommandKey = "command", LogEveryKey = "log_every", DataKey = "data", DataHashKey = "data_sha256", ContentHashKey = "content_sha256";

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

    /// <summary>
    /// The run's checkpoint at <paramref name="state"/> as the bytes of its file. The host section carries
    /// <c>content_sha256</c>: the SHA-256 of the checkpoint's text as written without that key, so that
    /// <see cref="Load"/> can tell a file edited by hand (or damaged) from one this program wrote.
    /// </summary>
    public static byte[] Json(RunRequest request, TrainingState state, OutputTarget target)
    {
        try
        {
            var checkpoint = new Checkpoint(request.Run with { Host = request.Host.Remove(ContentHashKey) }, state);
            return AtomicFile.Bytes(CheckpointFile.ToJson(Sealed(checkpoint)));
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
        Checkpoint checkpoint;
        try
        {
            checkpoint = CheckpointFile.Load(path);
        }
        catch (ModelFormatException e)
        {
            throw new UsageException($"--resume {e.Message}");
        }

        // A checkpoint this program wrote has a host section with its content hash; one written by the library
        // has no host section (and names no data file). Anything else was edited or damaged: refused, not trusted.
        var host = checkpoint.Run.HostSettings;
        if (host.Count > 0 && (!host.TryGetValue(ContentHashKey, out string? saved) || saved != ContentHash(checkpoint)))
        {
            throw new UsageException($"--resume {path}: the checkpoint's content does not match its content_sha256; it was edited or damaged after mlp wrote it");
        }

        return checkpoint;
    }

    /// <summary>The checkpoint with its content hash in the host section.</summary>
    private static Checkpoint Sealed(Checkpoint checkpoint) =>
        checkpoint with { Run = checkpoint.Run with { Host = checkpoint.Run.HostSettings.SetItem(ContentHashKey, ContentHash(checkpoint)) } };

    /// <summary>The SHA-256 of the checkpoint's text with no content hash in its host section.</summary>
    private static string ContentHash(Checkpoint checkpoint)
    {
        var bare = checkpoint with { Run = checkpoint.Run with { Host = checkpoint.Run.HostSettings.Remove(ContentHashKey) } };
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(AtomicFile.Bytes(CheckpointFile.ToJson(bare))));
    }
}
