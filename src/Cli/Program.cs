using System.Runtime.InteropServices;

namespace Functional.Cli;

/// <summary>Entry point of the <c>mlp</c> command.</summary>
internal static class Program
{
    // Held until the process ends (never disposed): see Main.
    private static PosixSignalRegistration? afterCommand;

    private static int Main(string[] args)
    {
        int code = CliApp.Run(args, Console.Out, Console.Error);
        // The command has written its outputs and released its own signal handlers (RunSignals). A SIGTERM
        // that lands while the runtime shuts down would otherwise end the process with 143 and no word about
        // a run that in fact completed; the process exits with the command's own code instead.
        if (!OperatingSystem.IsWindows())
        {
            afterCommand = PosixSignalRegistration.Create(PosixSignal.SIGTERM, static context => context.Cancel = true);
        }

        return code;
    }
}
