namespace Functional.Cli;

/// <summary>Where a command's text result goes: the file named by an option (atomically), or stdout.</summary>
internal static class TextOutput
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> when given, else prints it.</summary>
    public static void Write(CommandContext context, string? path, string text, string option)
    {
        if (path is not null)
        {
            AtomicFile.WriteAllText(path, text, option);
        }
        else
        {
            context.Out.Write(text);
        }
    }
}
