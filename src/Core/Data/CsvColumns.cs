using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Globalization;

namespace Functional.Core.Data;

/// <summary>A column of a CSV file, chosen by its header name or by its 0-based index.</summary>
public readonly record struct CsvColumn
{
    private CsvColumn(string? name, int index)
    {
        Name = name;
        Index = index;
    }

    /// <summary>The header name, or null when the column is chosen by index.</summary>
    public string? Name { get; }

    /// <summary>The 0-based index, or -1 when the column is chosen by name.</summary>
    public int Index { get; }

    /// <summary>Chooses the column whose header is <paramref name="name"/>.</summary>
    [Pure]
    public static CsvColumn ByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new CsvColumn(name, -1);
    }

    /// <summary>Chooses the column at 0-based <paramref name="index"/>.</summary>
    [Pure]
    public static CsvColumn ByIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new CsvColumn(null, index);
    }

    /// <summary>
    /// Reads a command-line style reference: digits only mean a 0-based index, anything else a name.
    /// </summary>
    [Pure]
    public static CsvColumn Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        return trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit) &&
            int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            ? ByIndex(index)
            : ByName(trimmed);
    }

    /// <summary>Returns <c>'name'</c> or the index, as error messages quote the column.</summary>
    public override string ToString() => Name is null ? Index.ToString(CultureInfo.InvariantCulture) : $"'{Name}'";
}

/// <summary>
/// Which CSV columns are inputs and which are targets. Null means the default: the targets are the last
/// column, and the inputs are every column that is not a target, in file order.
/// </summary>
/// <param name="Inputs">The input columns in the order they become X's columns, or null for the default.</param>
/// <param name="Targets">The target columns in the order they become Y's columns, or null for the last column.</param>
public sealed record CsvColumns(ImmutableArray<CsvColumn>? Inputs = null, ImmutableArray<CsvColumn>? Targets = null)
{
    /// <summary>All but the last column are inputs, the last is the target.</summary>
    public static CsvColumns Default { get; } = new();

    /// <summary>
    /// Parses comma-separated column lists as given on a command line (for example <c>x1,x2</c> and
    /// <c>y</c>, or <c>0,1</c> and <c>2</c>); a null or blank list keeps the default.
    /// </summary>
    [Pure]
    public static CsvColumns Parse(string? inputs, string? targets) => new(List(inputs), List(targets));

    private static ImmutableArray<CsvColumn>? List(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : [.. text.Split(',').Select(CsvColumn.Parse)];
}
