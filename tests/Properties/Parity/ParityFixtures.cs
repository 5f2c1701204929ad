using System.Runtime.CompilerServices;
using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.Parity;

/// <summary>
/// The PyTorch fixtures of the parity tests: JSON files written by tests/Parity/ops_fixtures.py and
/// committed under tests/Parity/fixtures/ops, found next to the test sources (so no PyTorch is needed to
/// run the tests). Each file is parsed once.
/// </summary>
internal static class ParityFixtures
{
    /// <summary>2^-52, the spacing of doubles in [1, 2): relative differences are quoted in these units.</summary>
    internal const double Ulp = 2.220446049250313e-16;

    private static readonly Lazy<JsonElement> OptimizersFile = new(() => Load("optimizers.json"));
    private static readonly Lazy<JsonElement> LossesFile = new(() => Load("losses.json"));
    private static readonly Lazy<JsonElement> ActivationsFile = new(() => Load("activations.json"));

    /// <summary>optimizers.json: the data, the start parameters and one training run per optimizer case.</summary>
    internal static JsonElement OptimizersJson => OptimizersFile.Value;

    /// <summary>losses.json: values and gradients of every loss, element by element and over one batch.</summary>
    internal static JsonElement LossesJson => LossesFile.Value;

    /// <summary>activations.json: values and derivatives of every activation at fixed inputs.</summary>
    internal static JsonElement ActivationsJson => ActivationsFile.Value;

    /// <summary>The PyTorch version that wrote <paramref name="file"/> (each file records it).</summary>
    internal static string TorchVersion(JsonElement file) => file.GetProperty("torch_version").GetString()!;

    /// <summary>Returns the entry of <paramref name="array"/> whose "name" is <paramref name="name"/>.</summary>
    internal static JsonElement Named(JsonElement array, string name) =>
        array.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

    /// <summary>The "name" of every entry of <paramref name="array"/>, in file order.</summary>
    internal static TheoryData<string> Names(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];

    /// <summary>A JSON array of numbers as doubles (the file writes them with Python's repr, so they read back exactly).</summary>
    internal static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    /// <summary>A JSON array of equally long number arrays as a matrix, one row per inner array.</summary>
    internal static Matrix<double> Rows(JsonElement array) =>
        Matrix<double>.Build.DenseOfRowArrays(array.EnumerateArray().Select(Doubles));

    private static JsonElement Load(string file, [CallerFilePath] string here = "")
    {
        string path = Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "Parity", "fixtures", "ops", file);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }
}
