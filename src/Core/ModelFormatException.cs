namespace Functional.Core;

/// <summary>
/// A model or checkpoint file (or JSON text) that cannot be read: the message names the source and the
/// problem in one line, for example <c>model.json: layer 2 weight has 9 rows, layout says 10</c> or
/// <c>ckpt.json: unsupported version 7 (this build reads version 1)</c>.
/// </summary>
/// <remarks>
/// This is the only exception the readers in <see cref="Serialization"/> let out for bad content or a
/// missing or unreadable file, whatever the bytes, so a host can turn it into one line for the user.
/// </remarks>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception; the message is <c>{source}: {problem}</c>.</summary>
    /// <param name="source">The source's name (a path, or a label such as <c>&lt;text&gt;</c>).</param>
    /// <param name="problem">What is wrong, and what was expected where that helps.</param>
    /// <param name="inner">The underlying exception, if any (an I/O or JSON syntax error).</param>
    public ModelFormatException(string source, string problem, Exception? inner = null)
        : base($"{source}: {problem}", inner)
    {
        File = source;
        Problem = problem;
    }

    /// <summary>The source's name (the file's path as given, or a label for text).</summary>
    public string File { get; }

    /// <summary>What is wrong, without the source prefix.</summary>
    public string Problem { get; }
}
