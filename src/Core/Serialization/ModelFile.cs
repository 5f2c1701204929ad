using System.Diagnostics.Contracts;
using System.Text;
using System.Text.Json;
using Functional.Core.Model;

namespace Functional.Core.Serialization;

/// <summary>
/// Saves and loads networks as versioned JSON (<c>"format": "functional.mlp", "version": 1</c>) with the
/// layout, one activation name per layer and every parameter in round-trip precision, W row by row:
/// <code>
/// {"format": "functional.mlp", "version": 1, "layout": [1, 2, 1], "activations": ["relu", "identity"],
///  "layers": [{"weight": [[0.5], [-0.25]], "bias": [0.1, 0]}, {"weight": [[1, -1]], "bias": [0]}]}
/// </code>
/// A loaded network is bit for bit the one saved. Reading checks everything (format, version, layout,
/// activation names, every array's length against the layout, every number finite) and throws only
/// <see cref="ModelFormatException"/>, whose message names the file and the problem.
/// </summary>
public static class ModelFile
{
    /// <summary>The format name written in every model file.</summary>
    public const string FormatName = "functional.mlp";

    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Returns the model file's text for <paramref name="model"/> (UTF-8 JSON ending in a newline).</summary>
    [Pure]
    public static string ToJson(Mlp model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return JsonText.Write(writer =>
        {
            writer.WriteStartObject();
            ModelJson.WriteModelFields(writer, model);
            writer.WriteEndObject();
        });
    }

    /// <summary>
    /// Reads a network from model-file text; <paramref name="source"/> names it in error messages.
    /// Throws <see cref="ModelFormatException"/> for anything that is not a valid version-1 model.
    /// </summary>
    [Pure]
    public static Mlp FromJson(string json, string source = "<text>")
    {
        ArgumentNullException.ThrowIfNull(json);
        return Read(Encoding.UTF8.GetBytes(json), source);
    }

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/> atomically: to a temporary file in the same
    /// folder, flushed to disk, then renamed over the target, so readers see the old file or the whole new
    /// one. Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when it cannot write.
    /// </summary>
    public static void Save(string path, Mlp model) => AtomicWrite.WriteAllText(path, ToJson(model));

    /// <summary>
    /// Loads the network saved at <paramref name="path"/>. Throws <see cref="ModelFormatException"/> naming the
    /// path when the file is missing, unreadable or not a valid model file.
    /// </summary>
    public static Mlp Load(string path) => Read(JsonText.ReadFile(path), path);

    /// <summary>
    /// Loads a network from a model file or from a checkpoint file (its model), deciding by the file's
    /// <c>format</c>. Throws <see cref="ModelFormatException"/> as <see cref="Load"/>, naming both formats
    /// when the file is neither.
    /// </summary>
    public static Mlp LoadModelOrCheckpoint(string path)
    {
        byte[] bytes = JsonText.ReadFile(path);
        return JsonText.Guard(path, () =>
        {
            using var document = JsonText.Parse(bytes, path);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("format", out var format) &&
                format.ValueKind == JsonValueKind.String &&
                format.ValueEquals(CheckpointFile.FormatName))
            {
                return CheckpointJson.Read(document, path).State.Model;
            }

            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("format", out format) &&
                !(format.ValueKind == JsonValueKind.String && format.ValueEquals(FormatName)))
            {
                string found = format.ValueKind == JsonValueKind.String ? $"\"{JsonField.Printable(format.GetRawText().Trim('"'))}\"" : JsonField.Describe(format);
                throw new ModelFormatException(path, $"format is {found}, expected \"{FormatName}\" or \"{CheckpointFile.FormatName}\"");
            }

            return Read(document, path);
        });
    }

    internal static Mlp Read(ReadOnlyMemory<byte> utf8, string source) => JsonText.Guard(source, () =>
    {
        using var document = JsonText.Parse(utf8, source);
        return Read(document, source);
    });

    internal static Mlp Read(JsonDocument document, string source) =>
        ModelJson.ReadModel(JsonText.Header(document, source, FormatName, FormatVersion));
}
