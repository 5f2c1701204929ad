using System.Diagnostics.Contracts;
using System.Text;

namespace Functional.Core.Serialization;

/// <summary>
/// Saves and loads <see cref="Checkpoint"/>s as versioned JSON (<c>"format": "functional.checkpoint",
/// "version": 2</c>): the run's settings, the epoch reached, the early-stopping counters, the model (a
/// complete model document), the optimizer state and the trace, every double in round-trip precision.
/// Loading gives back a checkpoint whose <see cref="Checkpoint.Resume"/> continues bit for bit as the
/// uninterrupted run would have. Reading checks everything (format, version, every setting, shapes against
/// the layout, the optimizer state against what the optimizer keeps, the trace against the epoch, every
/// number finite) and throws only <see cref="ModelFormatException"/>, naming the file and the problem.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The format name written in every checkpoint file.</summary>
    public const string FormatName = "functional.checkpoint";

    /// <summary>
    /// The format version this build writes: 2, which records the run's generator (<c>run.rng</c>). Version 1
    /// files (before the torch generator existed) are read too, as keyed runs.
    /// </summary>
    public const int FormatVersion = 2;

    /// <summary>The oldest format version this build reads.</summary>
    internal const int OldestVersion = 1;

    /// <summary>
    /// Returns the checkpoint file's text. Throws <see cref="ArgumentException"/> for a state that could not
    /// be read back (a non-finite number, a trace that does not list epochs 1..epoch) and
    /// <see cref="InvalidOperationException"/> for an optimizer state type outside Functional.Core.
    /// </summary>
    [Pure]
    public static string ToJson(Checkpoint checkpoint) => CheckpointJson.Write(checkpoint);

    /// <summary>
    /// Reads a checkpoint from text; <paramref name="source"/> names it in error messages. Throws
    /// <see cref="ModelFormatException"/> for anything that is not a valid version-1 or version-2 checkpoint.
    /// </summary>
    [Pure]
    public static Checkpoint FromJson(string json, string source = "<text>")
    {
        ArgumentNullException.ThrowIfNull(json);
        return Read(Encoding.UTF8.GetBytes(json), source);
    }

    /// <summary>
    /// Writes the checkpoint to <paramref name="path"/> atomically (temporary file in the same folder,
    /// flushed, renamed over the target). Throws as <see cref="ToJson"/>, and <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> when it cannot write.
    /// </summary>
    public static void Save(string path, Checkpoint checkpoint) => AtomicWrite.WriteAllText(path, ToJson(checkpoint));

    /// <summary>
    /// Loads the checkpoint saved at <paramref name="path"/>. Throws <see cref="ModelFormatException"/>
    /// naming the path when the file is missing, unreadable or not a valid checkpoint.
    /// </summary>
    public static Checkpoint Load(string path) => Read(JsonText.ReadFile(path), path);

    private static Checkpoint Read(ReadOnlyMemory<byte> utf8, string source) => JsonText.Guard(source, () =>
    {
        using var document = JsonText.Parse(utf8, source);
        return CheckpointJson.Read(document, source);
    });
}
