using System.Text;
using Functional.Core.Serialization;

namespace Functional.Cli;

/// <summary>
/// Writes the CLI's files through Core's <see cref="AtomicWrite"/> (temporary file in the same folder,
/// flushed, renamed over the target), after checking the path, and turns failures into one-line errors
/// naming the option.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="text"/> (UTF-8, no byte-order mark) to <paramref name="path"/>. Throws
    /// <see cref="UsageException"/> naming <paramref name="option"/> and the path when it cannot be written.
    /// </summary>
    public static void WriteAllText(string path, string text, string option) =>
        Write(path, stream => stream.Write(Utf8.GetBytes(text)), option);

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

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

        try
        {
            AtomicWrite.Write(full, write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{option} '{path}': cannot write the file: {OneLine(e.Message)}");
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
