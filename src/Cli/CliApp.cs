using System.CommandLine;
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
        var parse = root.Parse(args);
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
            stderr.WriteLine($"mlp: {error.Message}");
            return ExitCodes.BadInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"mlp: {e.Message}");
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
