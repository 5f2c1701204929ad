using System.Collections.Immutable;
using System.Text.Json;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Sweep;

namespace Functional.Core.Serialization;

/// <summary>
/// The JSON form of a <see cref="SweepGrid"/>: <c>task</c>, <c>layouts</c>, <c>activations</c>,
/// <c>optimizers</c> (spec texts), <c>learning_rates</c>, <c>batch_sizes</c>, <c>seeds</c>, <c>epochs</c>,
/// <c>seed_base</c>, <c>loss</c>, <c>init</c>, <c>shuffle</c> and <c>rng</c>, each read back by its own parser.
/// </summary>
internal static class SweepGridJson
{
    private static readonly string[] Fields =
    [
        "task", "layouts", "activations", "optimizers", "learning_rates", "batch_sizes", "seeds", "epochs", "seed_base",
        "loss", "init", "shuffle", "rng",
    ];

    public static void Write(Utf8JsonWriter writer, SweepGrid grid)
    {
        writer.WriteStartObject();
        writer.WriteString("task", SweepTasks.Name(grid.Task));
        writer.WriteStartArray("layouts");
        foreach (var layout in grid.Layouts)
        {
            JsonText.WriteNumbers(writer, layout);
        }

        writer.WriteEndArray();
        WriteStrings(writer, "activations", grid.Activations.Select(a => a.Name));
        WriteStrings(writer, "optimizers", grid.Optimizers.Select(o => o.ToString()));
        writer.WritePropertyName("learning_rates");
        JsonText.WriteNumbers(writer, (grid.LearningRates.IsDefault ? [] : grid.LearningRates.ToArray()).AsSpan(), "a learning rate");
        writer.WritePropertyName("batch_sizes");
        JsonText.WriteNumbers(writer, grid.BatchSizes);
        writer.WriteNumber("seeds", grid.Seeds);
        writer.WriteNumber("epochs", grid.Epochs);
        writer.WriteNumber("seed_base", grid.SeedBase);
        writer.WriteString("loss", grid.Loss.Name);
        writer.WriteString("init", grid.Initializer.Name);
        writer.WriteBoolean("shuffle", grid.Shuffle);
        writer.WriteString("rng", RandomSources.Name(grid.Random));
        writer.WriteEndObject();
    }

    /// <summary>Reads and validates a grid. Throws <see cref="ModelFormatException"/> naming the field.</summary>
    public static SweepGrid Read(JsonField field)
    {
        field.Object(Fields);
        var task = field.Required("task").Parsed(SweepTasks.Parse);
        var layouts = field.Required("layouts").Items().Select(ModelJson.ReadLayout).ToImmutableArray();
        var activations = field.Required("activations").Items().Select(a => a.Parsed(Activation.Parse)).ToImmutableArray();
        var optimizers = field.Required("optimizers").Items().Select(o => o.Parsed(OptimizerSpec.Parse)).ToImmutableArray();
        var rates = field.Required("learning_rates").Doubles().ToImmutableArray();
        var batchSizes = field.Required("batch_sizes").Items().Select(b => b.Int(1)).ToImmutableArray();
        int seeds = field.Required("seeds").Int(1);
        int epochs = field.Required("epochs").Int(0);
        long seedBase = field.Required("seed_base").Long();
        var grid = new SweepGrid(task, layouts, activations, optimizers, rates, batchSizes, seeds, epochs, seedBase)
        {
            Loss = field.Required("loss").Parsed(Loss.Parse),
            Initializer = field.Required("init").Parsed(Initializer.Parse),
            Shuffle = field.Required("shuffle").Bool(),
            Random = field.Required("rng").Parsed(RandomSources.Parse),
        };
        try
        {
            grid.Validate();
        }
        catch (ArgumentException e)
        {
            throw field.Error(JsonField.Printable(Arguments.Describe(e), 300));
        }

        return grid;
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
