using System.Diagnostics;

namespace Functional.Snapshots.Tests;

/// <summary>
/// Packs the CLI as a dotnet tool from the build the test run just made, installs it from that local
/// package into a temporary folder and runs <c>mlp summary</c> through the installed command.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly TempFolder temp = new();

    private string folder => temp.Path;

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_tool_installs_from_the_local_package_and_runs_summary()
    {
        string root = RepositoryRoot();
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        string packages = Path.Combine(folder, "packages");
        string tools = Path.Combine(folder, "tools");

        Run("dotnet", root, "pack", "src/Cli/Functional.Cli.csproj", "-c", configuration, "--no-build", "-o", packages);
        Assert.Single(Directory.GetFiles(packages, "Functional.Cli.*.nupkg"));

        // A private package cache, so that an older install of the same version cannot be picked up.
        Run("dotnet", folder, "tool", "install", "Functional.Cli", "--tool-path", tools, "--add-source", packages, "--prerelease");
        string output = Run(Path.Combine(tools, "mlp"), folder, "summary");

        Assert.Contains("(input): Linear(in_features=1, out_features=10, bias=True)", output);
        Assert.Contains("Total parameters: 251", output);
    }

    private string Run(string file, string workingDirectory, params string[] args)
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

        start.Environment["NUGET_PACKAGES"] = Path.Combine(folder, "nuget-cache");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), $"{file} {string.Join(' ', args)} did not finish");
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
