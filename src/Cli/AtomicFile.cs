using System.Text;

namespace Functional.Cli;

/// <summary>
/// Writes files so that a crash never leaves a half-written one and readers see either the old content or
/// the whole new content: the bytes go to a temporary file in the same folder, are flushed to disk, and the
/// temporary file is then renamed over the target.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="text"/> (UTF-8, no byte-order mark) to <paramref name="path"/>. Throws
    /// <see cref="UsageException"/> naming <paramref name="option"/> and the path when it cannot be written.
    /// </summary>
    public static void WriteAllText(string path, string text, string option) =>
        Write(path, stream => stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text)), option);

    /// <summary>
    /// Writes through <paramref name="write"/> to a temporary file, then moves it over <paramref name="path"/>.
    /// The folder must exist. Throws <see cref="UsageException"/> naming the option and path on failure.
    /// </summary>
    public static void Write(string path, Action<Stream> write, string option)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UsageException($"{option} '{path}': not a valid file path ({e.Message})");
        }

        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"{option} '{path}': cannot write the file: the folder '{folder}' does not exist");
        }

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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            TryDelete(temp);
            throw new UsageException($"{option} '{path}': cannot write the file: {OneLine(e.Message)}");
        }
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

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
