using System.Diagnostics;
using Functional.Cli;
using Functional.Core.Training;

namespace Functional.Snapshots.Tests;

/// <summary>Runs the <c>mlp</c> command in process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Out, string Error) Run(params string[] args) => RunWith(null, args);

    /// <summary>
    /// Runs with the Ctrl+C stand-in: <paramref name="interruptAfter"/> is called after every epoch, and
    /// returning true cancels the run as Ctrl+C does.
    /// </summary>
    public static (int ExitCode, string Out, string Error) RunWith(Func<EpochRecord, bool>? interruptAfter, params string[] args) =>
        RunIn(context => context with { InterruptAfter = interruptAfter }, args);

    /// <summary>
    /// Runs with the sweep's Ctrl+C stand-in: <paramref name="interruptAfter"/> is called with the number of
    /// runs completed after each run, and returning true cancels the sweep as Ctrl+C does.
    /// </summary>
    public static (int ExitCode, string Out, string Error) RunWithSweepInterrupt(Func<int, bool> interruptAfter, params string[] args) =>
        RunIn(context => context with { InterruptSweepAfter = interruptAfter }, args);

    /// <summary>Runs with a hook called with the epoch of every periodic checkpoint written.</summary>
    public static (int ExitCode, string Out, string Error) RunWithCheckpointHook(Action<int> written, params string[] args) =>
        RunIn(context => context with { PeriodicCheckpointWritten = written }, args);

    private static (int ExitCode, string Out, string Error) RunIn(Func<CommandContext, CommandContext> configure, string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = CliApp.Run(args, configure(new CommandContext(stdout, stderr)));
        return (code, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>A fresh temporary folder, deleted with everything in it on dispose.</summary>
/// <summary>The built CLI as a process of its own (the test output folder holds mlp.dll and its runtime config), stdout and stderr redirected.</summary>
internal static class CliProcess
{
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(System.IO.Path.Combine(AppContext.BaseDirectory, "mlp.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}

internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("functional-cli-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
