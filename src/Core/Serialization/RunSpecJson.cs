using System.Collections.Immutable;
using System.Text.Json;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Training;

namespace Functional.Core.Serialization;

/// <summary>
/// The JSON form of a <see cref="RunSpec"/>: <c>layout</c>, <c>activations</c>, <c>init</c>, <c>loss</c>,
/// <c>optimizer</c> (the spec's text), <c>batch_size</c>, <c>shuffle</c>, <c>drop_last</c>, <c>seed</c>,
/// <c>validation_fraction</c>, <c>early_stopping</c> (null or <c>{"patience", "min_delta"}</c>),
/// <c>epochs</c>, <c>host</c> (an object of strings), <c>schedule</c> (a <see cref="ScheduleSpec"/>'s text, written
/// only for a schedule other than the fixed rate; absent means the fixed rate) and, from checkpoint version 2, <c>rng</c> (<c>keyed</c> or
/// <c>torch</c>; version 1 has none: its runs were keyed). Names are those the parsers read back
/// (<see cref="Activation.Parse"/>, <see cref="Initializer.Parse"/>, <see cref="Loss.Parse"/>,
/// <see cref="OptimizerSpec.Parse"/>).
/// </summary>
internal static class RunSpecJson
{
    private static readonly string[] Fields =
    [
        "layout", "activations", "init", "loss", "optimizer", "batch_size", "shuffle", "drop_last", "seed",
        "validation_fraction", "early_stopping", "epochs", "host", "rng", "schedule",
    ];

    public static void Write(Utf8JsonWriter writer, RunSpec run)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("layout");
        JsonText.WriteNumbers(writer, run.Layout);
        writer.WriteStartArray("activations");
        foreach (var activation in run.Activations)
        {
            writer.WriteStringValue(activation.Name);
        }

        writer.WriteEndArray();
        writer.WriteString("init", run.Initializer.Name);
        writer.WriteString("loss", run.Loss.Name);
        writer.WriteString("optimizer", run.Optimizer.ToString());
        if (run.Schedule is { IsConstant: false } schedule)
        {
            // Written only when there is one, so runs at a fixed rate keep their files byte for byte.
            writer.WriteString("schedule", schedule.ToString());
        }

        writer.WriteNumber("batch_size", run.Batches.BatchSize);
        writer.WriteBoolean("shuffle", run.Batches.Shuffle);
        writer.WriteBoolean("drop_last", run.Batches.DropLast);
        writer.WriteNumber("seed", run.Seed);
        writer.WriteString("rng", RandomSources.Name(run.Random));
        writer.WriteNumber("validation_fraction", run.ValidationFraction);
        if (run.EarlyStopping is { } early)
        {
            writer.WriteStartObject("early_stopping");
            writer.WriteNumber("patience", early.Patience);
            writer.WriteNumber("min_delta", early.MinDelta);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("early_stopping");
        }

        writer.WriteNumber("epochs", run.Epochs);
        writer.WriteStartObject("host");
        foreach (var (key, value) in run.HostSettings)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads and validates a run of a checkpoint of format <paramref name="version"/>. Throws
    /// <see cref="ModelFormatException"/> naming the field.
    /// </summary>
    public static RunSpec Read(JsonField field, int version)
    {
        // Version 1 has neither the generator nor a schedule (schedules came later within version 2, optional).
        field.Object(version >= 2 ? Fields : Fields[..^2]);
        var layout = ModelJson.ReadLayout(field.Required("layout"));
        var activations = ModelJson.ReadActivations(field.Required("activations"), layout.Length - 1);
        var initializer = field.Required("init").Parsed(Initializer.ParseRecorded);
        var loss = field.Required("loss").Parsed(Loss.Parse);
        var optimizer = field.Required("optimizer").Parsed(OptimizerSpec.Parse);
        var schedule = ReadSchedule(field.Optional("schedule"), optimizer);
        var batches = new BatchOptions(field.Required("batch_size").Int(1), field.Required("shuffle").Bool(), field.Required("drop_last").Bool());
        long seed = field.Required("seed").Long();
        var random = version >= 2 ? field.Required("rng").Parsed(RandomSources.Parse) : RandomSource.Keyed;
        var fractionField = field.Required("validation_fraction");
        double fraction = fractionField.Double();
        if (!(fraction >= 0.0 && fraction < 1.0))
        {
            throw fractionField.Error($"must lie in [0, 1), got {fractionField.Element.GetRawText()}");
        }

        EarlyStopping? early = null;
        if (field.Optional("early_stopping") is { } earlyField)
        {
            earlyField.Object("patience", "min_delta");
            int patience = earlyField.Required("patience").Int(1);
            var deltaField = earlyField.Required("min_delta");
            double delta = deltaField.Double();
            if (delta < 0.0)
            {
                throw deltaField.Error($"must be at least 0, got {deltaField.Element.GetRawText()}");
            }

            early = new EarlyStopping(patience, delta);
        }

        int epochs = field.Required("epochs").Int(0, Limits.MaxEpochs);
        var host = field.Optional("host") is { } hostField
            ? ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, hostField.StringProperties().Select(p => KeyValuePair.Create(p.Name, p.Value)))
            : null;
        try
        {
            initializer.Validate(layout, random);
        }
        catch (ArgumentException e)
        {
            throw field.Required("init").Error(JsonField.Printable(Arguments.Describe(e), 300));
        }

        return new RunSpec(layout, activations, initializer, loss, optimizer, batches, epochs, seed, fraction, early, host, random) { Schedule = schedule };
    }

    /// <summary>The optional <c>schedule</c>: absent (files before schedules, and runs at a fixed rate) is none.</summary>
    private static ScheduleSpec? ReadSchedule(JsonField? optional, OptimizerSpec optimizer)
    {
        if (optional is not { } field)
        {
            return null;
        }

        var schedule = field.Parsed(ScheduleSpec.Parse);
        try
        {
            _ = schedule.Create(optimizer.EffectiveLearningRate);
        }
        catch (ArgumentException e)
        {
            throw field.Error(JsonField.Printable(Arguments.Describe(e), 300));
        }

        return schedule.IsConstant ? null : schedule;
    }
}
