using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Functional.Core;
using Functional.Core.Data;
using Functional.Core.Optim;
using Functional.Core.Serialization;
using Functional.Core.Sweep;

namespace Functional.Cli.Commands;

// Sweeps beyond one machine: `mlp sweep --shard K/N` writes the results of one slice of the runs, and
// `mlp sweep merge` joins the N slices into the table, CSV and figures the unsharded sweep gives.
internal static partial class SweepCommand
{
    /// <summary>The host-section key of the data source as the header names it.</summary>
    private const string DataSourceKey = "data_source";

    /// <summary>The file a shard writes into --out, e.g. sweep-shard-2-of-8.json.</summary>
    public static string ShardFileName(SweepShard shard) =>
        string.Create(CultureInfo.InvariantCulture, $"sweep-shard-{shard.Index}-of-{shard.Count}.json");

    private static void WriteShard(CommandContext context, SweepRequest request, SweepShard shard, ImmutableArray<SweepRunResult> results)
    {
        var host = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        host[DataSourceKey] = request.DataSource;
        if (!request.TutorialData)
        {
            host[RunCheckpoints.DataKey] = Path.GetFullPath(request.DataSource);
            host[RunCheckpoints.DataHashKey] = request.DataSha256;
        }

        string name = ShardFileName(shard);
        AtomicFile.Commit(context, request.Outputs[name], AtomicFile.Bytes(SweepShardFile.ToJson(request.Grid, shard, results, host)));
        context.Out.WriteLine($"Wrote {Display(request.OutDirectory, name)} (shard {shard.Name}: {results.Length} of {request.Grid.RunCount} runs); join the shards with 'mlp sweep merge'");
    }

    private static Command CreateMerge(CommandContext context)
    {
        var files = new Argument<string[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "The shard files of one sweep (sweep-shard-K-of-N.json), all N of them." };
        var outDir = new Option<string>("--out") { Description = "Folder for sweep.csv and the plots (created if missing).", DefaultValueFactory = _ => "out" };
        var sort = new Option<string>("--sort") { Description = "Rank by mse (the default) or loss.", DefaultValueFactory = _ => "mse" };
        var noPlots = new Option<bool>("--no-plots") { Description = "Do not write plots." };
        var command = new Command("merge", "Join the results of 'mlp sweep --shard K/N' runs into the whole sweep's table, sweep.csv and plots, as one unsharded run writes them.")
        {
            files, outDir, sort, noPlots,
        };
        command.SetAction(parse =>
        {
            var shards = parse.GetValue(files)!.Select(path => (Path: path, Contents: LoadShard(path))).ToArray();
            var (grid, data, source, tutorial) = CheckShards(shards);
            string outDirectory = parse.GetValue(outDir)!;
            bool plots = !parse.GetValue(noPlots);
            var outputs = CheckOutputs(outDirectory, plots ? [CsvFile, LossPlotFile, FitPlotFile] : [CsvFile], tutorial ? null : source);
            AtomicFile.RequireDistinct(outputs.Values, shards.Select(s => ((string Option, string? Path))("merge", s.Path)));
            var results = shards.SelectMany(s => s.Contents.Runs.Select(r => r.ToResult(grid.Runs()[r.Index], data, grid.Task)));
            SweepResult result;
            try
            {
                result = SweepEngine.Merge(grid, results);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"{shards[0].Path}: {Arguments.Describe(e)}");
            }

            var request = new SweepRequest(grid, data, source, tutorial, outDirectory, 0, ParseMetric(parse.GetValue(sort)!), plots, Quiet: true) { Outputs = outputs };
            WriteHeader(context.Out, request);
            Report(context, request, result);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Merged {shards.Length} shard(s): {result.Runs.Length} runs"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static SweepShardContents LoadShard(string path)
    {
        try
        {
            return SweepShardFile.Load(path);
        }
        catch (ModelFormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// Checks that the files are the N shards of one sweep, each once, and loads that sweep's data (checking a
    /// CSV file against the fingerprint the shards recorded). Returns the grid, the data and how the header names it.
    /// </summary>
    private static (SweepGrid Grid, Dataset Data, string Source, bool Tutorial) CheckShards((string Path, SweepShardContents Contents)[] shards)
    {
        var (firstPath, first) = shards[0];
        var seen = new Dictionary<int, string>();
        foreach (var (path, contents) in shards)
        {
            if (contents.Identity != first.Identity)
            {
                throw new UsageException($"{path}: a shard of another sweep than {firstPath} (their grids or data differ)");
            }

            if (contents.Shard.Count != first.Shard.Count)
            {
                throw new UsageException($"{path}: shard {contents.Shard.Name}, but {firstPath} is one of {first.Shard.Count}");
            }

            if (!seen.TryAdd(contents.Shard.Index, path))
            {
                throw new UsageException($"{path}: shard {contents.Shard.Name} is given twice (also {seen[contents.Shard.Index]})");
            }
        }

        var missing = Enumerable.Range(1, first.Shard.Count).Where(k => !seen.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            string list = string.Join(", ", missing.Take(10).Select(k => $"{k}/{first.Shard.Count}")) + (missing.Count > 10 ? $" and {missing.Count - 10} more" : "");
            throw new UsageException($"shards missing: {list} (give all {first.Shard.Count} files of the sweep)");
        }

        var host = first.Host;
        string source = host.GetValueOrDefault(DataSourceKey) ?? TutorialDataSource(first.Grid.Task);
        if (host.GetValueOrDefault(RunCheckpoints.DataKey) is not { } dataFile)
        {
            return (first.Grid, SweepTasks.TutorialData(first.Grid.Task), source, true);
        }

        if (!File.Exists(dataFile))
        {
            throw new UsageException($"{firstPath}: the sweep's data file '{dataFile}' is missing");
        }

        var data = LoadCsv(dataFile, out string sha256);
        if (sha256 != host.GetValueOrDefault(RunCheckpoints.DataHashKey))
        {
            throw new UsageException($"{firstPath}: the sweep's data file '{dataFile}' has changed since the shards ran (its SHA-256 differs)");
        }

        foreach (var layout in first.Grid.Layouts)
        {
            OptionParsers.RequireFits(data, layout);
        }

        return (first.Grid, data, source, false);
    }
}
