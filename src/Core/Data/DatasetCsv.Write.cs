using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Globalization;
using System.Text;

namespace Functional.Core.Data;

public static partial class DatasetCsv
{
    /// <summary>
    /// Returns the default column names for <paramref name="count"/> columns with the given stem:
    /// the stem alone for one column (<c>x</c>), else the stem and the index (<c>x0</c>, <c>x1</c>, ...).
    /// </summary>
    [Pure]
    public static ImmutableArray<string> DefaultNames(string stem, int count)
    {
        ArgumentNullException.ThrowIfNull(stem);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return count == 1 ? [stem] : [.. Enumerable.Range(0, count).Select(i => stem + i.ToString(CultureInfo.InvariantCulture))];
    }

    /// <summary>
    /// Writes <paramref name="data"/> as CSV: a header of the input names then the target names, then one
    /// line per sample with its inputs then its targets, every value in round-trip precision ("R",
    /// invariant culture), lines ending in '\n'. Names default to <see cref="DefaultNames"/> with stems
    /// x and y. Reading the text back with <see cref="Read"/> gives the same values bit for bit.
    /// Throws <see cref="ArgumentException"/> for a non-finite value, a name count that does not match
    /// the columns, or a name that the reader could not read back as a header name (empty, containing a
    /// line break, duplicated, or reading as a number).
    /// </summary>
    public static void Write(TextWriter writer, Dataset data, IReadOnlyList<string>? inputNames = null, IReadOnlyList<string>? targetNames = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(data);
        var names = CheckNames(data, inputNames ?? DefaultNames("x", data.InputCount), targetNames ?? DefaultNames("y", data.OutputCount));
        var line = new StringBuilder();
        line.AppendJoin(',', names.Select(Quote));
        writer.Write(line.Append('\n').ToString());
        for (int i = 0; i < data.Count; i++)
        {
            line.Clear();
            AppendRow(line, data, i);
            writer.Write(line.Append('\n').ToString());
        }
    }

    /// <summary>Returns the CSV text that <see cref="Write"/> writes for <paramref name="data"/>.</summary>
    [Pure]
    public static string Format(Dataset data, IReadOnlyList<string>? inputNames = null, IReadOnlyList<string>? targetNames = null)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, data, inputNames, targetNames);
        return writer.ToString();
    }

    private static void AppendRow(StringBuilder line, Dataset data, int row)
    {
        for (int j = 0; j < data.InputCount; j++)
        {
            AppendValue(line, data.X[row, j], row, j, j > 0);
        }

        for (int j = 0; j < data.OutputCount; j++)
        {
            AppendValue(line, data.Y[row, j], row, data.InputCount + j, true);
        }
    }

    private static void AppendValue(StringBuilder line, double value, int row, int column, bool comma)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"sample {row}, column {column} is {value}; CSV data must be finite", nameof(value));
        }

        if (comma)
        {
            line.Append(',');
        }

        line.Append(value.ToString("R", CultureInfo.InvariantCulture));
    }

    private static List<string> CheckNames(Dataset data, IReadOnlyList<string> inputNames, IReadOnlyList<string> targetNames)
    {
        if (inputNames.Count != data.InputCount || targetNames.Count != data.OutputCount)
        {
            throw new ArgumentException($"got {inputNames.Count} input and {targetNames.Count} target names for {data.InputCount} input and {data.OutputCount} target columns");
        }

        var names = inputNames.Concat(targetNames).ToList();
        foreach (string name in names)
        {
            if (name.Trim().Length == 0 || name.Contains('\n') || name.Contains('\r') || CsvLine.IsNumber(name))
            {
                throw new ArgumentException($"column name '{name}' cannot be read back as a header name (it is blank, holds a line break or reads as a number)");
            }
        }

        string? duplicate = names.GroupBy(n => n.Trim()).FirstOrDefault(g => g.Count() > 1)?.Key;
        return duplicate is null ? names : throw new ArgumentException($"column name '{duplicate}' appears more than once");
    }

    // Quotes a name the reader would otherwise split, trim or take for a comment.
    private static string Quote(string name) =>
        name.Contains(',') || name.Contains('"') || name.StartsWith('#') || name != name.Trim()
            ? "\"" + name.Replace("\"", "\"\"") + "\""
            : name;
}
