using System.Runtime.InteropServices;

namespace Functional.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for the whole of a command, from before training until its files are written:
/// the first signal cancels <see cref="Token"/> (training stops between epochs, or, once it has finished, the
/// outputs are still written) and a second one ends the process at once. A signal arriving while the outputs
/// are written therefore never leaves a run half-written or a temporary file behind.
/// </summary>
internal sealed class RunSignals : IDisposable
{
    private readonly CancellationTokenSource cancel = new();
    private readonly PosixSignalRegistration? terminate;
    private int received;

    public RunSignals()
    {
        Console.CancelKeyPress += OnCancelKey;
        if (!OperatingSystem.IsWindows())
        {
            terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = Receive(ExitCodes.Terminated));
        }
    }

    /// <summary>Cancelled by the first signal (or by <see cref="Cancel"/>).</summary>
    public CancellationToken Token => cancel.Token;

    /// <summary>Whether a signal (or <see cref="Cancel"/>) has arrived.</summary>
    public bool Received => cancel.IsCancellationRequested;

    /// <summary>The exit code for the signal received: 130 for Ctrl+C (and the test stand-in), 143 for SIGTERM.</summary>
    public int ExitCode => received == ExitCodes.Terminated ? ExitCodes.Terminated : ExitCodes.Interrupted;

    /// <summary>What the test stand-in for Ctrl+C calls.</summary>
    public void Cancel() => Receive(ExitCodes.Interrupted);

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKey;
        terminate?.Dispose();
        cancel.Dispose();
    }

    private void OnCancelKey(object? sender, ConsoleCancelEventArgs e) => e.Cancel = Receive(ExitCodes.Interrupted);

    /// <summary>Returns true (keep running) for the first signal, false (end at once) for a second one.</summary>
    private bool Receive(int code)
    {
        if (Interlocked.CompareExchange(ref received, code, 0) != 0)
        {
            return false;
        }

        cancel.Cancel();
        return true;
    }
}
