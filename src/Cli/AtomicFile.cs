using System.Text;
using Functional.Core.Serialization;

namespace Functional.Cli;

/// <summary>How an output is written.</summary>
internal enum OutputKind
{
    /// <summary><c>-</c>, <c>/dev/stdout</c>: the command's standard output.</summary>
    Stdout,

    /// <summary><c>/dev/stderr</c>: the command's standard error.</summary>
    Stderr,

    /// <summary>A device or a pipe: written through, never replaced.</summary>
    WriteThrough,

    /// <summary>A regular file (or none yet): a temporary file in the same folder renamed over it.</summary>
    Replace,
}

/// <summary>
/// One output of a command, checked before any work: the option that named it, the path as given, and the
/// file actually written (a symbolic link's final target).
/// </summary>
internal sealed record OutputTarget(string Option, string Path, OutputKind Kind, string Final)
{
    /// <summary>The path as printed after a run (<c>Checkpoint: FILE</c>).</summary>
    public override string ToString() => Path;
}

/// <summary>
/// The CLI's outputs: every output path is checked before training (<see cref="Check"/>, <see cref="CheckFolder"/>,
/// <see cref="RequireDistinct"/>), and the outputs of one run are written together (<see cref="Commit"/>):
/// each regular file goes to a temporary file in its folder, flushed to disk, and only when every one is
/// written are they renamed over their targets, so a failure leaves every existing file as it was.
/// Devices and pipes are written through; a symbolic link is followed to its target; <c>-</c> is stdout.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The longest file name (in UTF-8 bytes) the common file systems take.</summary>
    public const int MaxNameBytes = 255;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static int tempCounter;

    /// <summary>UTF-8 bytes of <paramref name="text"/> without a byte-order mark.</summary>
    public static byte[] Bytes(string text) => Utf8.GetBytes(text);

    /// <summary>
    /// Checks an output file named by <paramref name="option"/> before any work: a name, not a folder, not a
    /// block device or socket, a name short enough, and a folder that exists (or, with
    /// <paramref name="createFolder"/>, can be created). Throws <see cref="UsageException"/>.
    /// </summary>
    public static OutputTarget Check(string option, string path, bool createFolder = false)
    {
        if (path.Length == 0)
        {
            throw new UsageException($"{option} '': expected a file name");
        }

        if (path is "-" or "/dev/stdout" or "/dev/fd/1" or "/proc/self/fd/1")
        {
            return new OutputTarget(option, path, OutputKind.Stdout, path);
        }

        if (path is "/dev/stderr" or "/dev/fd/2" or "/proc/self/fd/2")
        {
            return new OutputTarget(option, path, OutputKind.Stderr, path);
        }

        // The system's own trees hold devices and links to open files (/dev/fd/N, /proc/self/fd/N): whatever
        // exists there is written through, never replaced by a regular file.
        string full = FullPath(option, path);
        if ((full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal))
            && FileKinds.Of(full) is FileKind.CharacterDevice or FileKind.Pipe or FileKind.Regular or FileKind.Socket)
        {
            return new OutputTarget(option, path, OutputKind.WriteThrough, full);
        }

        string final = FinalPath(option, path);
        var kind = FileKinds.Of(final);
        switch (kind)
        {
            case FileKind.CharacterDevice or FileKind.Pipe:
                return new OutputTarget(option, path, OutputKind.WriteThrough, final);
            case FileKind.Folder:
                throw new UsageException($"{option} '{path}': is a folder, not a file");
            case FileKind.Missing or FileKind.Regular:
                break;
            default:
                throw new UsageException($"{option} '{path}': is {FileKinds.Describe(kind)}; expected a file, a character device, a pipe or - (stdout)");
        }

        string name = System.IO.Path.GetFileName(final);
        if (Utf8.GetByteCount(name) > MaxNameBytes)
        {
            throw new UsageException($"{option} '{Excerpt(path)}': the file name is longer than {MaxNameBytes} bytes");
        }

        string folder = System.IO.Path.GetDirectoryName(final) ?? ".";
        var folderKind = FileKinds.Of(folder);
        switch (folderKind)
        {
            case FileKind.Folder:
                Probe(option, path, folder);
                break;
            case FileKind.Missing when createFolder:
                RequireCreatable(option, folder);
                break;
            case FileKind.Missing:
                throw new UsageException($"{option} '{path}': cannot write the file: the folder '{folder}' does not exist");
            default:
                throw new UsageException($"{option} '{path}': cannot write the file: '{folder}' is {FileKinds.Describe(folderKind)}, not a folder");
        }

        return new OutputTarget(option, path, OutputKind.Replace, final);
    }

    /// <summary>Checks an output folder (<c>--out DIR</c>): a folder, or missing with a folder as its nearest existing parent.</summary>
    public static string CheckFolder(string option, string path)
    {
        if (path.Length == 0)
        {
            throw new UsageException($"{option} '': expected a folder name");
        }

        string full = FullPath(option, path);
        var kind = FileKinds.Of(full);
        if (kind == FileKind.Missing)
        {
            RequireCreatable(option, full);
        }
        else if (kind != FileKind.Folder)
        {
            throw new UsageException($"{option} '{path}': is {FileKinds.Describe(kind)}, not a folder");
        }

        return full;
    }

    /// <summary>
    /// Refuses two outputs naming one file, and an output naming an input (<c>--data d.csv --save d.csv</c>).
    /// <paramref name="allowed"/> lists (output option, input option) pairs that may share a file, such as
    /// --save and --resume.
    /// </summary>
    public static void RequireDistinct(IEnumerable<OutputTarget?> outputs, IEnumerable<(string Option, string? Path)> inputs, params (string Output, string Input)[] allowed)
    {
        var files = outputs.OfType<OutputTarget>().Where(o => o.Kind == OutputKind.Replace).ToList();
        for (int i = 0; i < files.Count; i++)
        {
            for (int j = i + 1; j < files.Count; j++)
            {
                if (SameFile(files[i].Final, files[j].Final))
                {
                    throw new UsageException($"{files[j].Option} '{files[j].Path}': the same file as {files[i].Option} '{files[i].Path}'; give each output its own file");
                }
            }
        }

        foreach (var (inputOption, inputPath) in inputs)
        {
            if (string.IsNullOrEmpty(inputPath) || inputPath == "-")
            {
                continue;
            }

            string input;
            try
            {
                input = FinalPathOrNull(inputPath) ?? Path.GetFullPath(inputPath);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException)
            {
                continue;
            }

            foreach (var output in files)
            {
                if (SameFile(output.Final, input) && !allowed.Contains((output.Option, inputOption)))
                {
                    throw new UsageException($"{output.Option} '{output.Path}': is the input of {inputOption}; writing it would destroy the input (choose another file)");
                }
            }
        }
    }

    /// <summary>
    /// Writes the outputs of one run together: every regular file to a temporary file in its folder (folders
    /// created), then devices, pipes and stdout, then the renames. When anything fails before the renames,
    /// the temporary files are removed and no existing file has changed. Throws <see cref="UsageException"/>.
    /// </summary>
    public static void Commit(CommandContext context, IReadOnlyList<(OutputTarget Target, byte[] Bytes)> files)
    {
        var temps = new List<(string Temp, OutputTarget Target)>();
        OutputTarget? current = null;
        try
        {
            foreach (var (target, bytes) in files.Where(f => f.Target.Kind == OutputKind.Replace))
            {
                current = target;
                string folder = Path.GetDirectoryName(target.Final) ?? ".";
                Directory.CreateDirectory(folder);
                string temp = TempPath(folder);
                temps.Add((temp, target));
                using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            foreach (var (target, bytes) in files.Where(f => f.Target.Kind != OutputKind.Replace))
            {
                current = target;
                WriteThrough(context, target, bytes);
            }

            // Every temporary file is written: a target that has become a folder (or the like) since it was
            // checked is found now, before any rename, so the outputs are still replaced together or not at all.
            foreach (var (_, target) in temps)
            {
                current = target;
                if (FileKinds.Of(target.Final) is not (FileKind.Missing or FileKind.Regular))
                {
                    throw new IOException($"it is now {FileKinds.Describe(FileKinds.Of(target.Final))}, not a file");
                }
            }

            foreach (var (temp, target) in temps.ToList())
            {
                current = target;
                File.Move(temp, target.Final, overwrite: true);
                temps.RemoveAt(0);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            foreach (var (temp, _) in temps)
            {
                TryDelete(temp);
            }

            string what = files.Count > 1 ? "; no output of this run was changed" : "";
            throw new UsageException($"{current!.Option} '{current.Path}': cannot write the file: {OneLine(e.Message)}{what}");
        }
        catch
        {
            foreach (var (temp, _) in temps)
            {
                TryDelete(temp);
            }

            throw;
        }
    }

    /// <summary>Writes one output (see <see cref="Commit"/>).</summary>
    public static void Commit(CommandContext context, OutputTarget target, byte[] bytes) => Commit(context, [(target, bytes)]);

    /// <summary>Shortens a long piece of user text for an error line: its start, an ellipsis and its length.</summary>
    public static string Excerpt(string text, int max = 200) =>
        text.Length <= max ? text : $"{text[..(max - 20)]}...({text.Length:N0} characters)";

    private static void WriteThrough(CommandContext context, OutputTarget target, byte[] bytes)
    {
        if (target.Kind == OutputKind.Stderr)
        {
            context.Error.Write(Utf8.GetString(bytes));
            return;
        }

        if (target.Kind == OutputKind.Stdout)
        {
            if (ReferenceEquals(context.Out, Console.Out))
            {
                context.Out.Flush();
                using var stdout = Console.OpenStandardOutput();
                stdout.Write(bytes);
                stdout.Flush();
            }
            else
            {
                context.Out.Write(Utf8.GetString(bytes));
            }

            return;
        }

        // A regular file reached through /proc or /dev/fd is appended to, as a shell's redirection would.
        var mode = FileKinds.Of(target.Final) == FileKind.Regular ? FileMode.Append : FileMode.Open;
        using var stream = new FileStream(target.Final, mode, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
        stream.Write(bytes);
        stream.Flush();
    }

    private static string FullPath(string option, string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UsageException($"{option} '{Excerpt(path)}': not a valid path ({OneLine(e.Message)})");
        }
    }

    /// <summary>The full path with symbolic links followed to the last target (which may not exist yet).</summary>
    private static string FinalPath(string option, string path)
    {
        string full = FullPath(option, path);
        try
        {
            return FinalPathOrNull(full) ?? full;
        }
        catch (IOException e)
        {
            throw new UsageException($"{option} '{path}': cannot follow the link: {OneLine(e.Message)}");
        }
    }

    private static string? FinalPathOrNull(string path)
    {
        string full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        return info.LinkTarget is null ? null : File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName;
    }

    private static bool SameFile(string a, string b)
    {
        if (string.Equals(a, b, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
        {
            return true;
        }

        return FileKinds.Identity(a) is { } x && FileKinds.Identity(b) is { } y && x == y;
    }

    /// <summary>Creates and removes a temporary file in <paramref name="folder"/>: the folder takes new files.</summary>
    private static void Probe(string option, string path, string folder)
    {
        string temp = TempPath(folder);
        try
        {
            using (new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
            }

            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new UsageException($"{option} '{path}': cannot write in the folder '{folder}': {OneLine(e.Message)}");
        }
    }

    private static void RequireCreatable(string option, string folder)
    {
        string? parent = folder;
        while (parent is not null && FileKinds.Of(parent) == FileKind.Missing)
        {
            parent = Path.GetDirectoryName(parent);
        }

        if (parent is not null && FileKinds.Of(parent) != FileKind.Folder)
        {
            throw new UsageException($"{option} '{folder}': cannot create the folder: '{parent}' is {FileKinds.Describe(FileKinds.Of(parent))}, not a folder");
        }
    }

    private static string TempPath(string folder) =>
        Path.Combine(folder, $".mlp-{Environment.ProcessId}-{Interlocked.Increment(ref tempCounter)}.tmp");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The temporary file was most likely never created.
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
