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

    /// <summary>The indices 0..n-1 of the cases in <paramref name="group"/>, for a theory.</summary>
    public static TheoryData<int> Cases(JsonElement fixture, string group)
    {
        var cases = new TheoryData<int>();
        for (int i = 0; i < fixture.GetProperty(group).GetArrayLength(); i++)
        {
            cases.Add(i);
        }

        return cases;
    }

    public static double[] Doubles(this JsonElement array) => array.EnumerateArray().Select(static e => e.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement array) => array.EnumerateArray().Select(static e => e.GetInt32()).ToArray();

    public static long[] Longs(this JsonElement array) => array.EnumerateArray().Select(static e => e.GetInt64()).ToArray();

    /// <summary>Relative difference |a − e| / |e| (0 when equal, the absolute difference when e is 0).</summary>
    public static double Relative(double expected, double actual) =>
        expected == actual ? 0.0 : Math.Abs(actual - expected) / (expected == 0.0 ? 1.0 : Math.Abs(expected));
}
