using System.Collections.Immutable;
using System.Text.Json;
using Functional.Core.Optim;
using Functional.Core.Training;

namespace Functional.Core.Serialization;

/// <summary>
/// The JSON form of a <see cref="Checkpoint"/>: header, <c>run</c> (see <see cref="RunSpecJson"/>),
/// <c>epoch</c>, the early-stopping counters, <c>model</c> (a complete model document), <c>optimizer_state</c>
/// (see <see cref="TransformStateJson"/>) and <c>trace</c>, one <c>[epoch, loss]</c> or
/// <c>[epoch, loss, validation_loss]</c> per completed epoch.
/// </summary>
internal static class CheckpointJson
{
    private static readonly string[] Fields =
        ["format", "version", "run", "epoch", "best_monitored", "epochs_without_improvement", "model", "optimizer_state", "trace"];

    /// <summary>Returns the checkpoint's text. Throws <see cref="ArgumentException"/> for a state that cannot be read back.</summary>
    public static string Write(Checkpoint checkpoint) => JsonText.Write(writer => WriteObject(writer, checkpoint));

    /// <summary>Writes the checkpoint as one JSON object. Throws <see cref="ArgumentException"/> as <see cref="Write"/> does.</summary>
    public static void WriteObject(Utf8JsonWriter writer, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var state = checkpoint.State;
        RequireConsecutive(state);
        writer.WriteStartObject();
        writer.WriteString("format", CheckpointFile.FormatName);
        writer.WriteNumber("version", CheckpointFile.FormatVersion);
        writer.WritePropertyName("run");
        RunSpecJson.Write(writer, checkpoint.Run);
        writer.WriteNumber("epoch", state.Epoch);
        if (double.IsPositiveInfinity(state.BestMonitored))
        {
            writer.WriteNull("best_monitored");
        }
        else if (double.IsFinite(state.BestMonitored))
        {
            writer.WriteNumber("best_monitored", state.BestMonitored);
        }
        else
        {
            throw new ArgumentException($"the state's best monitored loss is {state.BestMonitored}; only finite numbers (or +infinity before the first epoch) can be saved");
        }

        writer.WriteNumber("epochs_without_improvement", state.EpochsWithoutImprovement);
        writer.WriteStartObject("model");
        ModelJson.WriteModelFields(writer, state.Model);
        writer.WriteEndObject();
        writer.WritePropertyName("optimizer_state");
        TransformStateJson.Write(writer, state.OptimizerState);
        writer.WritePropertyName("trace");
        var records = state.Trace.Epochs
            .Select(r => r.ValidationLoss is double v ? new double[] { r.Epoch, r.Loss, v } : [r.Epoch, r.Loss])
            .ToArray();
        JsonText.WriteRows(writer, records, i => $"the trace's epoch {i + 1}");
        writer.WriteEndObject();
    }

    /// <summary>Reads and validates a checkpoint document. Throws <see cref="ModelFormatException"/>.</summary>
    public static Checkpoint Read(JsonDocument document, string source) => ReadObject(new JsonField(document.RootElement, source, ""));

    /// <summary>Reads and validates a checkpoint object (a document's root, or an object inside another file).</summary>
    public static Checkpoint ReadObject(JsonField field)
    {
        var (root, version) = JsonText.Header(field, CheckpointFile.FormatName, CheckpointFile.FormatVersion, CheckpointFile.OldestVersion);
        root.Object(Fields);
        var run = RunSpecJson.Read(root.Required("run"), version);

        var modelField = root.Required("model");
        if (modelField.Element.ValueKind != JsonValueKind.Object)
        {
            throw modelField.Error($"expected a {ModelFile.FormatName} object, got {JsonField.Describe(modelField.Element)}");
        }

        RequireModelHeader(modelField);
        var model = ModelJson.ReadModel(modelField);
        if (!model.Layout.SequenceEqual(run.Layout))
        {
            throw modelField.Error($"layout [{string.Join(",", model.Layout)}] differs from the run's [{string.Join(",", run.Layout)}]");
        }

        if (!model.Activations.Select(a => a.Name).SequenceEqual(run.Activations.Select(a => a.Name)))
        {
            throw modelField.Error($"activations [{string.Join(",", model.Activations)}] differ from the run's [{string.Join(",", run.Activations)}]");
        }

        var epochField = root.Required("epoch");
        int epoch = epochField.Int(0);
        if (epoch > run.Epochs)
        {
            throw epochField.Error($"epoch {epoch} is past the run's last epoch {run.Epochs}");
        }

        var bestField = root.Optional("best_monitored");
        double best = bestField?.Double() ?? double.PositiveInfinity;
        int sinceBest = root.Required("epochs_without_improvement").Int(0, epoch);
        var trace = ReadTrace(root.Required("trace"), epoch);

        // The state must be the one this optimizer keeps: same record types at every level, trees shaped
        // like the model.
        var template = run.CreateOptimizer().Init(model);
        var optimizerState = TransformStateJson.Read(root.Required("optimizer_state"), model, template);
        return new Checkpoint(run, new TrainingState(model, optimizerState, epoch, trace, best, sinceBest));
    }

    private static void RequireModelHeader(JsonField model)
    {
        string name = model.Required("format").String();
        if (name != ModelFile.FormatName)
        {
            throw model.Error($"format is \"{JsonField.Printable(name)}\", expected \"{ModelFile.FormatName}\"");
        }

        long version = model.Required("version").Long();
        if (version != ModelFile.FormatVersion)
        {
            throw model.Error($"unsupported model version {version} (this build reads version {ModelFile.FormatVersion})");
        }
    }

    private static TrainingTrace ReadTrace(JsonField field, int epoch)
    {
        var items = field.Items();
        if (items.Length != epoch)
        {
            throw field.Error($"has {items.Length} records, epoch says {epoch}");
        }

        var records = ImmutableArray.CreateBuilder<EpochRecord>(items.Length);
        for (int i = 0; i < items.Length; i++)
        {
            var parts = items[i].Items();
            if (parts.Length is not (2 or 3))
            {
                throw items[i].Error($"expected [epoch, loss] or [epoch, loss, validation_loss], got {parts.Length} values");
            }

            int number = parts[0].Int();
            if (number != i + 1)
            {
                throw items[i].Error($"epoch {number} where {i + 1} was expected (the trace lists epochs 1, 2, ... in order)");
            }

            records.Add(new EpochRecord(number, parts[1].Double(), parts.Length == 3 ? parts[2].Double() : null));
        }

        return new TrainingTrace(records.MoveToImmutable());
    }

    private static void RequireConsecutive(TrainingState state)
    {
        var epochs = state.Trace.Epochs;
        if (epochs.Length != state.Epoch || epochs.Where((r, i) => r.Epoch != i + 1).Any())
        {
            throw new ArgumentException($"the state is at epoch {state.Epoch} but its trace does not list epochs 1..{state.Epoch} in order; such a state cannot be saved", nameof(state));
        }
    }
}
