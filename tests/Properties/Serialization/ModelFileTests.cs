using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core;
using Functional.Core.Model;
using Functional.Core.Serialization;
using Functional.Properties.Tests.TestSupport;
using static Functional.Properties.Tests.Optim.OptimTestKit;

namespace Functional.Properties.Tests.Serialization;

/// <summary>Model files: exact round trips, the documented example, atomic saving, and one clear error per problem.</summary>
public sealed class ModelFileTests
{
    private const string Example = """
        {"format": "functional.mlp", "version": 1, "layout": [1, 2, 1], "activations": ["relu", "identity"],
         "layers": [{"weight": [[0.5], [-0.25]], "bias": [0.1, 0]}, {"weight": [[1, -1]], "bias": [0]}]}
        """;

    [Property(MaxTest = 100)]
    public Property RoundTripIsBitExact() => Prop.ForAll(Generators.Networks, model =>
    {
        var back = ModelFile.FromJson(ModelFile.ToJson(model));
        AssertSameModel(model, back);
    });

    [Property(MaxTest = 100)]
    public Property RoundTripKeepsAnyFiniteDouble() => Prop.ForAll(Generators.FiniteDouble.ArrayOf(7).ToArbitrary(), values =>
    {
        // Subnormals, ±0, ±MaxValue and everyday values all come back with the same bits.
        var model = Net121(values);
        AssertSameModel(model, ModelFile.FromJson(ModelFile.ToJson(model)));
    });

    [Fact]
    public void TheDocumentedExampleReads()
    {
        var model = ModelFile.FromJson(Example);
        Assert.Equal(new[] { 1, 2, 1 }, model.Layout.ToArray());
        Assert.Equal(new[] { Activation.Relu, Activation.Identity }, model.Activations.ToArray());
        Assert.Equal(new[] { 0.5, -0.25, 0.1, 0, 1, -1, 0 }, model.ToFlatArray());
    }

    [Fact]
    public void TextIsIndentedWithOneLinePerWeightRow()
    {
        string text = ModelFile.ToJson(ModelFile.FromJson(Example));
        Assert.Equal(
            """
            {
              "format": "functional.mlp",
              "version": 1,
              "layout": [1,2,1],
              "activations": [
                "relu",
                "identity"
              ],
              "layers": [
                {
                  "weight": [
                    [0.5],
                    [-0.25]
                  ],
                  "bias": [0.1,0]
                },
                {
                  "weight": [
                    [1,-1]
                  ],
                  "bias": [0]
                }
              ]
            }

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void SaveWritesAtomicallyAndLoadReadsItBack()
    {
        string folder = Directory.CreateTempSubdirectory("functional-model-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.json");
            File.WriteAllText(path, "old");
            var model = Generators.Fixed(Generators.AnyNetwork, 7);
            ModelFile.Save(path, model);
            AssertSameModel(model, ModelFile.Load(path));
            AssertSameModel(model, ModelFile.LoadModelOrCheckpoint(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(folder)); // no temporary file left behind
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void MissingFileNamesThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"functional-missing-{Guid.NewGuid():N}.json");
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
        Assert.Equal($"{path}: file not found", e.Message);
    }

    [Theory]
    [InlineData("layers[1].weight[0]", "[1]", "model.json: layer 1 weight row 0 has 1 values, layout says 2")]
    [InlineData("layers[0].weight", "[[1]]", "model.json: layer 0 weight has 1 rows, layout says 2")]
    [InlineData("layers[0].bias", "[1, 2, 3]", "model.json: layer 0 bias has 3 values, layout says 2")]
    [InlineData("layout", "[1, 3, 1]", "model.json: layer 0 weight has 2 rows, layout says 3")]
    [InlineData("layout", "[1]", "model.json: layout: a layout needs at least two widths (inputs and outputs), got 1")]
    [InlineData("layout", "[1, 0, 1]", "model.json: layout[1]: must lie in 1..1000000, got 0")]
    [InlineData("layout", "[1, 2, 1, 1]", "model.json: activations: has 2 names, layout says 3 layers")]
    [InlineData("activations[0]", "\"swish\"", "model.json: activations[0]: unknown activation 'swish'; valid: identity, relu, leaky_relu, tanh, sigmoid, gelu, softplus, elu")]
    [InlineData("layers[0].bias[1]", "1e400", "model.json: layers[0].bias[1]: 1e400 is not a finite number")]
    [InlineData("layers[0].bias[1]", "\"NaN\"", "model.json: layers[0].bias[1]: expected a number, got a string")]
    [InlineData("format", "\"functional.checkpoint\"", "model.json: format is \"functional.checkpoint\", expected \"functional.mlp\"")]
    [InlineData("version", "7", "model.json: unsupported version 7 (this build reads version 1)")]
    [InlineData("version", "\"1\"", "model.json: version: expected a whole number, got a string")]
    [InlineData("layers", "{}", "model.json: layers: expected an array, got an object")]
    [InlineData("extra", "1", "model.json: unknown field \"extra\" (expected format, version, layout, activations, layers)")]
    public void EachProblemGivesOneClearLine(string path, string json, string message)
    {
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.FromJson(Edit(Example, path, json), "model.json"));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("{\"format\": \"functional.mlp\",\n\"version\": 1,\n\"layout\": [1,,2]}", "model.json: not valid JSON at line 3: ',' is an invalid start of a value")]
    [InlineData("", "model.json: not valid JSON at line 1: The input does not contain any JSON tokens")]
    [InlineData("[1, 2]", "model.json: expected a functional.mlp object, got an array")]
    [InlineData("{\"version\": 1}", "model.json: missing \"format\"")]
    [InlineData("{\"format\": \"functional.mlp\", \"format\": \"functional.mlp\", \"version\": 1}", "model.json: not valid JSON: Duplicate property 'format' encountered during deserialization")]
    public void BrokenJsonGivesOneClearLine(string text, string message)
    {
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.FromJson(text, "model.json"));
        Assert.Equal(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void EveryTruncationFailsWithTheLibraryException()
    {
        string text = ModelFile.ToJson(Generators.Fixed(Generators.AnyNetwork, 3));
        for (int length = 0; length < text.TrimEnd().Length; length++)
        {
            Assert.Throws<ModelFormatException>(() => ModelFile.FromJson(text[..length], "model.json"));
        }
    }

    [Property(MaxTest = 10_000)] // every reader is fuzzed with 10,000 cases
    public Property ArbitraryBytesGiveAModelOrTheLibraryException() => Prop.ForAll(Fuzz.Bytes(ModelFile.ToJson(Generators.Fixed(Generators.AnyNetwork, 11))), bytes =>
    {
        string folder = Path.GetTempPath();
        string path = Path.Combine(folder, $"functional-fuzz-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, bytes);
        try
        {
            _ = ModelFile.Load(path);
        }
        catch (ModelFormatException e)
        {
            Assert.StartsWith(path + ": ", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    });

    internal static void AssertSameModel(Mlp expected, Mlp actual)
    {
        Assert.Equal(expected.Layout.ToArray(), actual.Layout.ToArray());
        Assert.Equal(expected.Activations.ToArray(), actual.Activations.ToArray());
        Assert.True(SameBits(expected.ToFlatArray(), actual.ToFlatArray()), "parameters differ in their bits");
    }

    /// <summary>Returns <paramref name="text"/> with the value at a dotted path (<c>layers[0].bias[1]</c>) replaced by <paramref name="json"/>.</summary>
    internal static string Edit(string text, string path, string json)
    {
        var root = JsonNode.Parse(text)!;
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
        JsonNode parent = root;
        for (int i = 0; i + 1 < parts.Length; i++)
        {
            parent = Step(parent, parts[i]);
        }

        // A raw placeholder keeps texts such as 1e400 that JsonNode could not hold as a double.
        const string marker = "\"@@EDIT@@\"";
        string last = parts[^1];
        if (last.StartsWith('['))
        {
            parent.AsArray()[int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)] = "@@EDIT@@";
        }
        else
        {
            parent.AsObject()[last] = "@@EDIT@@";
        }

        return root.ToJsonString().Replace(marker, json, StringComparison.Ordinal);
    }

    private static JsonNode Step(JsonNode node, string part) =>
        part.StartsWith('[') ? node.AsArray()[int.Parse(part[1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : node.AsObject()[part]!;
}
