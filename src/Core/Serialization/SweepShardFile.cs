using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Text;
using System.Text.Json;
using Functional.Core.Data;
using Functional.Core.Sweep;
using Functional.Core.Training;

namespace Functional.Core.Serialization;

/// <summary>
/// One run of a sweep shard as saved: its run number, how long it took, why it stopped and its final state
/// (a checkpoint, which holds its trace).
/// </summary>
/// <param name="Index">The run's number in the sweep (<see cref="SweepRun.Index"/>).</param>
/// <param name="Elapsed">Its training time.</param>
/// <param name="Reason">Why it stopped.</param>
/// <param name="DivergedAtEpoch">For a diverged run, the epoch whose loss was not finite.</param>
/// <param name="Checkpoint">Its settings and final state.</param>
public sealed record SweepShardRun(int Index, TimeSpan Elapsed, StopReason Reason, int? DivergedAtEpoch, Checkpoint Checkpoint)
{
    /// <summary>Returns the run's result as the sweep reports it, measured on <paramref name="data"/> (the sweep's data).</summary>
    [Pure]
    public SweepRunResult ToResult(SweepRun run, Dataset data, SweepTask task) =>
        SweepRunResult.Evaluate(run, new TrainingResult(Checkpoint.State, Reason, DivergedAtEpoch), data, task, Elapsed);
}

/// <summary>What a sweep shard file holds.</summary>
/// <param name="Grid">The whole sweep.</param>
/// <param name="Shard">Which slice of it the file holds.</param>
/// <param name="Host">The host's settings (the CLI keeps its data source there).</param>
/// <param name="Runs">The slice's runs, in run order.</param>
/// <param name="Identity">A text that equals another shard's exactly when both are of the same sweep (grid and host).</param>
public sealed record SweepShardContents(
    SweepGrid Grid, SweepShard Shard, ImmutableSortedDictionary<string, string> Host, ImmutableArray<SweepShardRun> Runs, string Identity);

/// <summary>
/// Saves and loads the results of one sweep shard as versioned JSON (<c>"format": "functional.sweep-shard",
/// "version": 1</c>): the grid, the shard (K of N), a host section, and every run of the slice with its final
/// checkpoint. Reading checks that the runs are exactly the slice's and that each checkpoint is the grid's run.
/// </summary>
public static class SweepShardFile
{
    /// <summary>The format name in the file's header.</summary>
    public const string FormatName = "functional.sweep-shard";

    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 1;

    private static readonly string[] Fields = ["format", "version", "shard", "grid", "host", "runs"];
    private static readonly string[] RunFields = ["index", "seconds", "stop", "diverged_at", "checkpoint"];

    /// <summary>
    /// Returns the file's text for the results of <paramref name="shard"/> of <paramref name="grid"/> (every run of
    /// the slice, as <see cref="SweepEngine.RunShard"/> returns them). Throws <see cref="ArgumentException"/> when
    /// they are not exactly the slice's runs.
    /// </summary>
    [Pure]
    public static string ToJson(SweepGrid grid, SweepShard shard, IReadOnlyList<SweepRunResult> results, IEnumerable<KeyValuePair<string, string>>? host = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(results);
        var expected = shard.Select(grid.Runs());
        if (results.Count != expected.Length || results.Where((r, i) => r.Run.Index != expected[i].Index).Any())
        {
            throw new ArgumentException($"shard {shard.Name} of this sweep holds runs {Describe(expected.Select(r => r.Index))}; the results are of runs {Describe(results.Select(r => r.Run.Index))}", nameof(results));
        }

        return JsonText.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("format", FormatName);
            writer.WriteNumber("version", FormatVersion);
            writer.WritePropertyName("shard");
            JsonText.WriteNumbers(writer, [shard.Index, shard.Count]);
            writer.WritePropertyName("grid");
            SweepGridJson.Write(writer, grid);
            writer.WriteStartObject("host");
            foreach (var pair in (host ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(pair.Key, pair.Value);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("runs");
            foreach (var result in results)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", result.Run.Index);
                writer.WriteNumber("seconds", result.Elapsed.TotalSeconds);
                writer.WriteString("stop", SweepCsv.Stop(result.Reason));
                if (result.Training.DivergedAtEpoch is int at)
                {
                    writer.WriteNumber("diverged_at", at);
                }
                else
                {
                    writer.WriteNull("diverged_at");
                }

                writer.WritePropertyName("checkpoint");
                CheckpointJson.WriteObject(writer, new Checkpoint(result.Run.Spec, result.Training.State));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>Reads shard results from text. Throws <see cref="ModelFormatException"/> naming <paramref name="source"/> and the problem.</summary>
    [Pure]
    public static SweepShardContents FromJson(string json, string source = "<text>")
    {
        ArgumentNullException.ThrowIfNull(json);
        return Read(Encoding.UTF8.GetBytes(json), source);
    }

    /// <summary>Writes the shard file to <paramref name="path"/> atomically (a temporary file, then moved into place).</summary>
    public static void Save(string path, string json) => AtomicWrite.WriteAllText(path, json);

    /// <summary>Loads the shard file at <paramref name="path"/>. Throws <see cref="ModelFormatException"/> naming the path.</summary>
    public static SweepShardContents Load(string path) => Read(JsonText.ReadFile(path), path);

    private static SweepShardContents Read(ReadOnlyMemory<byte> utf8, string source) => JsonText.Guard(source, () =>
    {
        using var document = JsonText.Parse(utf8, source);
        var root = JsonText.Header(document, source, FormatName, FormatVersion);
        root.Object(Fields);
        var shardField = root.Required("shard");
        var numbers = shardField.Items();
        if (numbers.Length != 2)
        {
            throw shardField.Error($"expected [K, N], got {numbers.Length} values");
        }

        int count = numbers[1].Int(1, SweepShard.MaxCount);
        var shard = new SweepShard(numbers[0].Int(1, count), count);
        var gridField = root.Required("grid");
        var grid = SweepGridJson.Read(gridField);
        var hostField = root.Required("host");
        var host = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, hostField.StringProperties().Select(p => KeyValuePair.Create(p.Name, p.Value)));

        var expected = shard.Select(grid.Runs());
        var runsField = root.Required("runs");
        var items = runsField.Items();
        if (items.Length != expected.Length)
        {
            throw runsField.Error($"shard {shard.Name} of this sweep holds {expected.Length} runs, the file has {items.Length}");
        }

        var runs = ImmutableArray.CreateBuilder<SweepShardRun>(items.Length);
        for (int i = 0; i < items.Length; i++)
        {
            runs.Add(ReadRun(items[i], expected[i]));
        }

        string identity = gridField.Element.GetRawText() + "\n" + hostField.Element.GetRawText();
        return new SweepShardContents(grid, shard, host, runs.MoveToImmutable(), identity);
    });

    private static SweepShardRun ReadRun(JsonField field, SweepRun run)
    {
        field.Object(RunFields);
        var indexField = field.Required("index");
        int index = indexField.Int();
        if (index != run.Index)
        {
            throw indexField.Error($"run {index} where run {run.Index} was expected (the shard lists its runs in order)");
        }

        var secondsField = field.Required("seconds");
        double seconds = secondsField.Double();
        if (!(seconds >= 0.0 && seconds <= TimeSpan.MaxValue.TotalSeconds))
        {
            throw secondsField.Error($"must be a number of seconds >= 0, got {secondsField.Element.GetRawText()}");
        }

        var stopField = field.Required("stop");
        var reason = ParseReason(stopField);
        var divergedField = field.Optional("diverged_at");
        int? divergedAt = divergedField?.Int(1, run.Spec.Epochs);
        if (reason == StopReason.Diverged != divergedAt.HasValue)
        {
            throw (divergedField ?? stopField).Error("a diverged run, and only a diverged run, names the epoch it diverged at");
        }

        var checkpointField = field.Required("checkpoint");
        var checkpoint = CheckpointJson.ReadObject(checkpointField);
        if (RunText(checkpoint.Run) != RunText(run.Spec))
        {
            throw checkpointField.Error($"its settings are not those of run {run.Index} ({run.Configuration.Label}, seed {run.Seed})");
        }

        int epochs = checkpoint.State.Epoch;
        if (reason == StopReason.Completed ? epochs != run.Spec.Epochs : divergedAt != epochs + 1)
        {
            throw stopField.Error($"'{SweepCsv.Stop(reason)}' does not fit a state at epoch {epochs} of {run.Spec.Epochs}");
        }

        return new SweepShardRun(index, TimeSpan.FromSeconds(seconds), reason, divergedAt, checkpoint);
    }

    private static string RunText(RunSpec run) => JsonText.Write(writer => RunSpecJson.Write(writer, run with { Host = null }));


    // A shard holds finished runs: completed or diverged (a sweep has no early stopping, and a cancelled sweep writes nothing).
    private static StopReason ParseReason(JsonField field) => field.String() switch
    {
        "completed" => StopReason.Completed,
        "diverged" => StopReason.Diverged,
        var other => throw field.Error($"expected \"completed\" or \"diverged\", got \"{JsonField.Printable(other)}\""),
    };

    private static string Describe(IEnumerable<int> indices)
    {
        var list = indices.Take(6).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list) + (indices.Skip(6).Any() ? ", ..." : "");
    }
}
