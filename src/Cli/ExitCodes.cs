namespace Functional.Cli;

/// <summary>The process exit codes of <c>mlp</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure (a bug): one line, or the trace with --verbose.</summary>
    public const int Unexpected = 1;

    /// <summary>Bad input: an option, a data file, a model file.</summary>
    public const int BadInput = 2;

    /// <summary>Training diverged (the loss became NaN or infinite).</summary>
    public const int Diverged = 3;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM (128 + SIGTERM), handled as Ctrl+C.</summary>
    public const int Terminated = 143;
}
