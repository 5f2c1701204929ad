namespace Functional.Cli;

/// <summary>Where a command writes: the process's stdout and stderr, or test writers.</summary>
internal sealed record CommandContext(TextWriter Out, TextWriter Error);
