namespace Functional.Cli;

/// <summary>Where a command's text result goes: the file named by an option (checked before the work), or stdout.</summary>
internal static class TextOutput
{
    /// <summary>Checks the output named by <paramref name="option"/> before any work; null when none was given.</summary>
    public static OutputTarget? Check(string? path, string option) => path is null ? null : AtomicFile.Check(option, path);

    /// <summary>Writes <paramref name="text"/> to <paramref name="target"/> when given (atomically, or through to a device), else prints it.</summary>
    public static void Write(CommandContext context, OutputTarget? target, string text)
    {
        if (target is not null)
        {
            AtomicFile.Commit(context, target, AtomicFile.Bytes(text));
        }
        else
        {
            context.Out.Write(text);
        }
    }
}
