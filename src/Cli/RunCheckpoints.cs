using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
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

    /// <summary>Returns the host section for a run of <paramref name="command"/>.</summary>
    public static ImmutableSortedDictionary<string, string> Host(string command, int logEvery, string? dataFile)
    {
        var host = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        host[CommandKey] = command;
        host[LogEveryKey] = logEvery.ToString(CultureInfo.InvariantCulture);
        if (dataFile is not null)
        {
            host[DataKey] = Path.GetFullPath(dataFile);
            host[DataHashKey] = Fingerprint(dataFile);
        }

        return host.ToImmutable();
    }

    /// <summary>The SHA-256 of a file's bytes in lower-case hex; "" when it cannot be read (the data loader reports that).</summary>
    public static string Fingerprint(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return "";
        }
    }

    /// <summary>Writes the run's checkpoint at <paramref name="state"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, RunRequest request, TrainingState state, string option)
    {
        string json;
        try
        {
            json = CheckpointFile.ToJson(Checkpoint.Of(request.Config, request.Optimizer.Spec, state, request.Host));
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{option} '{path}': cannot save the checkpoint: {e.Message}");
        }

        AtomicFile.WriteAllText(path, json, option);
    }

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
