using System.CommandLine;
using System.CommandLine.Parsing;
using Functional.Cli.Commands;

namespace Functional.Cli;

/// <summary>
/// Builds the command tree and runs it against the given writers, so tests can run the whole CLI in
/// process. Every user error becomes one line on stderr and exit code 2.
/// </summary>
internal static class CliApp
{
    /// <summary>Runs <c>mlp</c> with <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, new CommandContext(stdout, stderr));

    /// <summary>Runs <c>mlp</c> with <paramref name="args"/> in <paramref name="context"/> (tests set its hooks); returns the exit code.</summary>
    public static int Run(string[] args, CommandContext context)
    {
        // No parallelism inside a run: MathNet would otherwise split the products of a 100-row batch
        // across threads, which for nets this small doubles a run's time and makes a sweep's runs fight
        // over the cores (measured in docs/sweep.md). Results are identical either way; parallelism
        // belongs across runs.
        MathNet.Numerics.Control.MaxDegreeOfParallelism = 1;
        var (stdout, stderr) = (context.Out, context.Error);
        var root = BuildRoot(context);
        // No response files: an argument starting with '@' is a value (a file name, say), never a file to expand.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        bool verbose = args.Contains("--verbose");
        if (args.Length == 0)
        {
            stderr.WriteLine($"mlp: a command is required: {string.Join(", ", root.Subcommands.Select(c => c.Name))} (see mlp --help)");
            return ExitCodes.BadInput;
        }

        if (parse.Errors.Count > 0)
        {
            // An unknown word explains more than the "command required" error it also causes.
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            stderr.WriteLine($"mlp: {OneLine(error.Message)}");
            return ExitCodes.BadInput;
        }

        if (OptionLikeValue(parse) is { } misread)
        {
            stderr.WriteLine($"mlp: {OneLine(misread)}");
            return ExitCodes.BadInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"mlp: {OneLine(e.Message)}");
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            stderr.WriteLine(verbose
                ? $"mlp: unexpected error: {e}"
                : $"mlp: unexpected error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")} (run with --verbose for the trace)");
            return ExitCodes.Unexpected;
        }
    }

    /// <summary>
    /// A value that starts with "--" (<c>--save --quiet</c>) is almost surely a forgotten value followed by the
    /// next option; it is refused rather than taken as a file name. Returns the error, or null.
    /// </summary>
    private static string? OptionLikeValue(ParseResult parse)
    {
        for (SymbolResult? result = parse.CommandResult; result is not null; result = result.Parent)
        {
            if (result is not CommandResult command)
            {
                continue;
            }

            foreach (var option in command.Children.OfType<OptionResult>())
            {
                foreach (var token in option.Tokens)
                {
                    if (token.Value.StartsWith("--", StringComparison.Ordinal) && token.Value.Length > 2)
                    {
                        return $"{option.Option.Name} '{token.Value}': expected a value, not an option (did you forget the value of {option.Option.Name}?)";
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Every error is one short line: line breaks become spaces, a quoted piece of user text longer than 200
    /// characters is cut to an excerpt, and the whole line is kept under 1,000 characters.
    /// </summary>
    internal static string OneLine(string message)
    {
        string line = message.ReplaceLineEndings(" ").Trim();
        line = System.Text.RegularExpressions.Regex.Replace(line, "'([^']{201,})'", m => $"'{AtomicFile.Excerpt(m.Groups[1].Value)}'");
        return line.Length <= 1000 ? line : $"{line[..480]} ... {line[^480..]}";
    }

    private static RootCommand BuildRoot(CommandContext context)
    {
        var root = new RootCommand("Train small multi-layer perceptrons with a functional core; replays the PyTorch non-linear regression and XOR tutorial.");
        root.Options.Add(new Option<bool>("--verbose") { Description = "Show the full trace of unexpected errors.", Recursive = true });
        root.Subcommands.Add(SummaryCommand.Create(context));
        root.Subcommands.Add(RegressionCommand.Create(context));
        root.Subcommands.Add(XorCommand.Create(context));
        root.Subcommands.Add(DataCommand.Create(context));
        root.Subcommands.Add(PredictCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(SweepCommand.Create(context));
        return root;
    }
}
