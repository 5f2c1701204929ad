using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Functional.Properties.Tests.Parity;

/// <summary>
/// Reads the fixtures that tests/Parity/make_fixtures.py wrote with PyTorch (committed, so no PyTorch is needed
/// here). Numbers were written with Python's repr, so every float64 reads back exactly.
/// </summary>
internal static class ParityFixture
{
    /// <summary>Parses tests/Parity/fixtures/<paramref name="name"/>.</summary>
    public static JsonElement Load(string name, [CallerFilePath] string here = "")
    {
        string path = Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "Parity", "fixtures", name);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    public static double[] Doubles(this JsonElement array) => array.EnumerateArray().Select(static e => e.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement array) => array.EnumerateArray().Select(static e => e.GetInt32()).ToArray();

    public static long[] Longs(this JsonElement array) => array.EnumerateArray().Select(static e => e.GetInt64()).ToArray();

    /// <summary>Relative difference |a − e| / |e| (0 when equal, the absolute difference when e is 0).</summary>
    public static double Relative(double expected, double actual) =>
        expected == actual ? 0.0 : Math.Abs(actual - expected) / (expected == 0.0 ? 1.0 : Math.Abs(expected));
}
