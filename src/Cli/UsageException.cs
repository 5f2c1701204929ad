namespace Functional.Cli;

/// <summary>
/// A problem with what the user gave (an option, a file, a value): reported as one line on stderr with
/// exit code 2 and no stack trace.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
