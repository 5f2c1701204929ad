using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Functional.Core.Model;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Serialization;

/// <summary>
/// The JSON form of a network: <c>layout</c>, <c>activations</c> and <c>layers</c>, each layer
/// <c>{"weight": [[row], ...], "bias": [...]}</c> with W row by row (shape (out, in)). Parameter trees inside
/// optimizer states use the <c>layers</c> part alone, since their shape and activations are the model's.
/// </summary>
internal static class ModelJson
{
    /// <summary>Writes <c>"format"</c>, <c>"version"</c>, <c>"layout"</c>, <c>"activations"</c> and <c>"layers"</c> into the open object.</summary>
    public static void WriteModelFields(Utf8JsonWriter writer, Mlp model)
    {
        writer.WriteString("format", ModelFile.FormatName);
        writer.WriteNumber("version", ModelFile.FormatVersion);
        writer.WritePropertyName("layout");
        JsonText.WriteNumbers(writer, model.Layout);
        writer.WriteStartArray("activations");
        foreach (var activation in model.Activations)
        {
            writer.WriteStringValue(activation.Name);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("layers");
        WriteLayers(writer, model, "the model");
    }

    /// <summary>Writes the layers of a parameter tree as an array of <c>{"weight", "bias"}</c> objects.</summary>
    public static void WriteLayers(Utf8JsonWriter writer, ParameterTree tree, string what)
    {
        writer.WriteStartArray();
        for (int i = 0; i < tree.Layers.Length; i++)
        {
            var layer = tree.Layers[i];
            string name = string.Create(CultureInfo.InvariantCulture, $"{what}'s layer {i}");
            writer.WriteStartObject();
            var rows = new double[layer.OutFeatures][];
            for (int r = 0; r < rows.Length; r++)
            {
                rows[r] = new double[layer.InFeatures];
                for (int c = 0; c < layer.InFeatures; c++)
                {
                    rows[r][c] = layer.W[r, c];
                }
            }

            writer.WritePropertyName("weight");
            JsonText.WriteRows(writer, rows, r => $"{name} weight row {r}");
            writer.WritePropertyName("bias");
            JsonText.WriteNumbers(writer, layer.B.ToArray(), name + " bias");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Reads a model object (its header already checked): the layout, one activation per layer and layers
    /// whose shapes match the layout, every number finite. Throws <see cref="ModelFormatException"/>.
    /// </summary>
    public static Mlp ReadModel(JsonField root)
    {
        root.Object("format", "version", "layout", "activations", "layers");
        var layout = ReadLayout(root.Required("layout"));
        var activations = ReadActivations(root.Required("activations"), layout.Length - 1);
        return ReadLayers(root.Required("layers"), layout, activations);
    }

    /// <summary>Reads a layout: at least two widths, each in 1..1,000,000, at most 10,000,000 parameters in all.</summary>
    public static ImmutableArray<int> ReadLayout(JsonField field)
    {
        var widths = field.Items();
        if (widths.Length < 2)
        {
            throw field.Error($"a layout needs at least two widths (inputs and outputs), got {widths.Length}");
        }

        ImmutableArray<int> layout = [.. widths.Select(w => w.Int(1, Limits.MaxWidth))];
        long count = Limits.ParameterCount(layout);
        if (count > Limits.MaxParameters)
        {
            throw field.Error($"the layout has more than {Limits.MaxParameters:N0} parameters, the most a network may have");
        }

        return layout;
    }

    /// <summary>Reads one activation name per layer, each as <see cref="Activation.Parse"/> reads it.</summary>
    public static ImmutableArray<Activation> ReadActivations(JsonField field, int layerCount)
    {
        var names = field.Items();
        if (names.Length != layerCount)
        {
            throw field.Error($"has {names.Length} names, layout says {layerCount} layers");
        }

        return [.. names.Select(ReadActivation)];
    }

    /// <summary>
    /// Reads a parameter tree of the given layout and activations. Nothing is allocated before the file's
    /// arrays are known to have the layout's lengths (a layout of huge widths cannot exhaust memory).
    /// Throws <see cref="ModelFormatException"/> naming the layer and what differs.
    /// </summary>
    public static Mlp ReadLayers(JsonField field, ImmutableArray<int> layout, ImmutableArray<Activation> activations)
    {
        var items = field.Items();
        if (items.Length != layout.Length - 1)
        {
            throw field.Error($"has {items.Length} layers, layout says {layout.Length - 1}");
        }

        var layers = ImmutableArray.CreateBuilder<Linear>(items.Length);
        for (int i = 0; i < items.Length; i++)
        {
            layers.Add(ReadLayer(items[i], i, layout[i], layout[i + 1]));
        }

        return new Mlp(layers.MoveToImmutable(), activations);
    }

    private static Linear ReadLayer(JsonField field, int index, int inFeatures, int outFeatures)
    {
        field.Object("weight", "bias");
        var weightField = field.Required("weight");
        var rows = weightField.Items();
        if (rows.Length != outFeatures)
        {
            throw Mismatch(field, $"layer {index} weight has {rows.Length} rows, layout says {outFeatures}");
        }

        var values = new double[rows.Length][];
        for (int r = 0; r < rows.Length; r++)
        {
            values[r] = rows[r].Doubles();
            if (values[r].Length != inFeatures)
            {
                throw Mismatch(field, $"layer {index} weight row {r} has {values[r].Length} values, layout says {inFeatures}");
            }
        }

        var w = Matrix<double>.Build.DenseOfRowArrays(values);

        double[] bias = field.Required("bias").Doubles();
        if (bias.Length != outFeatures)
        {
            throw Mismatch(field, $"layer {index} bias has {bias.Length} values, layout says {outFeatures}");
        }

        return new Linear(w, Vector<double>.Build.DenseOfArray(bias));
    }

    // Shape errors read best as "layer 2 weight has 9 rows, layout says 10"; inside a checkpoint they keep
    // the path of the tree they belong to ("optimizer_state.states[0].mu: layer 2 ...").
    private static ModelFormatException Mismatch(JsonField layer, string problem)
    {
        string path = layer.Path;
        int cut = path.LastIndexOf('[');
        string owner = cut > 0 ? path[..cut] : "";
        owner = owner == "layers" ? "" : owner.EndsWith(".layers", StringComparison.Ordinal) ? owner[..^".layers".Length] : owner;
        return new ModelFormatException(layer.Source, owner.Length == 0 ? problem : $"{owner}: {problem}");
    }

    private static Activation ReadActivation(JsonField field)
    {
        string name = field.String();
        try
        {
            return Activation.Parse(name);
        }
        catch (FormatException e)
        {
            throw field.Error(JsonField.Printable(e.Message, 300));
        }
    }
}
