using System.Text;

namespace Functional.Core.Serialization;

/// <summary>
/// Writes a file so that a crash never leaves a half-written one: the bytes go to a temporary file in the
/// same folder, are flushed to disk, and the temporary file is then renamed over the target. A symbolic link
/// is followed (its target is replaced, the link stays); anything that exists and is not a regular file (a
/// device, a pipe, a folder) is refused rather than replaced by a regular file.
/// </summary>
internal static class AtomicWrite
{
    /// <summary>
    /// Writes <paramref name="text"/> as UTF-8 without a byte-order mark. Throws <see cref="IOException"/>,
    /// <see cref="UnauthorizedAccessException"/> or <see cref="ArgumentException"/> (a bad path) on failure,
    /// after removing the temporary file.
    /// </summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, stream => stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text)));
    }

    /// <summary>
    /// Writes whatever <paramref name="write"/> puts into the stream, by the same temporary-file-and-rename
    /// route. Throws as <see cref="WriteAllText"/>.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = FinalTarget(Path.GetFullPath(path));
        string folder = Path.GetDirectoryName(full) ?? ".";
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    // The file a path finally names (links followed), which must be missing or a regular file.
    private static string FinalTarget(string full)
    {
        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            full = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }

        var kind = FileKinds.Of(full);
        if (kind is not (FileKind.Missing or FileKind.Regular))
        {
            throw new IOException($"{full} is {FileKinds.Describe(kind)}; only a missing or regular file is replaced");
        }

        return full;
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the temporary file was most likely never created.
        }
    }
}
