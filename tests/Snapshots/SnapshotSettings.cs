using System.Runtime.CompilerServices;

namespace Functional.Snapshots.Tests;

internal static class SnapshotSettings
{
    // Under CI a missing snapshot must fail rather than be recorded from whatever the run produced:
    // Snapshooter's strict mode does exactly that, and it is switched on by this variable.
    [ModuleInitializer]
    internal static void EnableStrictModeUnderCi()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Environment.SetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE", "true");
        }
    }
}
