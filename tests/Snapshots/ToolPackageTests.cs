using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Functional.Snapshots.Tests;

/// <summary>
/// Packs the CLI as users get it (the <c>Functional.Cli</c> package that points to one package per platform),
/// installs it from that local folder into a temporary folder and runs <c>mlp summary</c> through the
/// installed command. On linux-x64 the installed folder must stay within 30 MB.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    /// <summary>30 MB as <c>du -h</c> counts them: 30 MiB.</summary>
    private const long MaxInstalledBytesOnLinuxX64 = 30L * 1024 * 1024;

    private readonly TempFolder temp = new();

    private string folder => temp.Path;

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_tool_installs_from_the_local_packages_and_runs_summary()
    {
        string root = RepositoryRoot();
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        string packages = Path.Combine(folder, "packages");
        string tools = Path.Combine(folder, "tools");

        // A full pack builds the tool once per platform it has a package for.
        Run("dotnet", root, TimeSpan.FromMinutes(15), privateCache: false, "pack", "src/Cli/Functional.Cli.csproj", "-c", configuration, "-o", packages);
        Assert.Single(Directory.GetFiles(packages, "Functional.Cli.linux-x64.*.nupkg"));
        Assert.Single(Directory.GetFiles(packages, "Functional.Cli.any.*.nupkg"));
        string pointer = Assert.Single(Directory.GetFiles(packages, "Functional.Cli.*.nupkg"), p => char.IsAsciiDigit(Path.GetFileName(p)["Functional.Cli.".Length]));
        Assert.True(new FileInfo(pointer).Length < 64 * 1024, $"{pointer} should only point to the per-platform packages");

        // A private package cache, so that an older install of the same version cannot be picked up.
        Run("dotnet", folder, TimeSpan.FromMinutes(3), privateCache: true, "tool", "install", "Functional.Cli", "--tool-path", tools, "--add-source", packages, "--prerelease");
        string output = Run(Path.Combine(tools, "mlp"), folder, TimeSpan.FromMinutes(3), privateCache: true, "summary");

        Assert.Contains("(input): Linear(in_features=1, out_features=10, bias=True)", output);
        Assert.Contains("Total parameters: 251", output);

        if (RuntimeInformation.RuntimeIdentifier == "linux-x64")
        {
            // The installed tool is the linux-x64 package, not the package for every platform.
            string store = Assert.Single(Directory.GetDirectories(Path.Combine(tools, ".store", "functional.cli")));
            Assert.True(Directory.Exists(Path.Combine(store, "functional.cli.linux-x64")), $"no linux-x64 package under {store}");
            Assert.False(Directory.Exists(Path.Combine(store, "functional.cli.any")), $"the package for every platform was installed under {store}");

            long installed = new DirectoryInfo(tools).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            Assert.True(installed <= MaxInstalledBytesOnLinuxX64, $"the installed tool takes {installed:N0} bytes, more than {MaxInstalledBytesOnLinuxX64:N0}");
        }
    }

    private string Run(string file, string workingDirectory, TimeSpan timeout, bool privateCache, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (privateCache)
        {
            start.Environment["NUGET_PACKAGES"] = Path.Combine(folder, "nuget-cache");
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(timeout), $"{file} {string.Join(' ', args)} did not finish");
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Functional.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Functional.sln not found above the test binaries");
    }
}
