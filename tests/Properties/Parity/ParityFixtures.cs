using System.Runtime.CompilerServices;
using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.Parity;

/// <summary>
/// The PyTorch fixtures of the parity tests: JSON files written by tests/Parity/make_fixtures.py (and the
/// ops_fixtures.py it calls) and committed under tests/Parity/fixtures, found next to the test sources (so
/// no PyTorch is needed to run the tests). Numbers were written with Python's repr, so every float64 reads
/// back exactly. Each file is parsed once.
/// </summary>
internal static class ParityFixtures
{
    /// <summary>2^-52, the spacing of doubles in [1, 2): relative differences are quoted in these units.</summary>
    internal const double Ulp = 2.220446049250313e-16;

    private static readonly Lazy<JsonElement> OptimizersFile = new(() => Load("ops/optimizers.json"));
    private static readonly Lazy<JsonElement> LossesFile = new(() => Load("ops/losses.json"));
    private static readonly Lazy<JsonElement> ActivationsFile = new(() => Load("ops/activations.json"));

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

    /// <summary>The indices 0..n-1 of the cases in <paramref name="group"/>, for a theory.</summary>
    internal static TheoryData<int> Cases(JsonElement file, string group) => [.. Enumerable.Range(0, file.GetProperty(group).GetArrayLength())];

    /// <summary>A JSON array of numbers as doubles (the file writes them with Python's repr, so they read back exactly).</summary>
    internal static double[] Doubles(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    /// <summary>A JSON array of whole numbers as ints.</summary>
    internal static int[] Ints(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    /// <summary>A JSON array of whole numbers as longs.</summary>
    internal static long[] Longs(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt64())];

    /// <summary>A JSON array of equally long number arrays as a matrix, one row per inner array.</summary>
    internal static Matrix<double> Rows(JsonElement array) =>
        Matrix<double>.Build.DenseOfRowArrays(array.EnumerateArray().Select(Doubles));

    /// <summary>The full path of tests/Parity/fixtures/<paramref name="file"/> (a path relative to that folder).</summary>
    internal static string PathOf(string file, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "Parity", "fixtures", file);

    /// <summary>Parses tests/Parity/fixtures/<paramref name="file"/> (a path relative to that folder).</summary>
    internal static JsonElement Load(string file, [CallerFilePath] string here = "")
    {
        string path = Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "Parity", "fixtures", file);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }
}
