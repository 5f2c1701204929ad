namespace Functional.Core;

/// <summary>
/// A data file (or text) that cannot be read as a data set: the message names the source, the 1-based
/// line, the column where one is concerned, and what was expected, for example
/// <c>data.csv:7: column 'y' (2): 'abc' is not a number</c>.
/// </summary>
/// <remarks>
/// This is the only exception the CSV reader lets out for bad content or a missing or unreadable file,
/// so a host can turn it into one line for the user without a stack trace.
/// </remarks>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception; the message is built from the parts.</summary>
    /// <param name="file">The source's name (a path, or a label such as <c>&lt;text&gt;</c>).</param>
    /// <param name="line">The 1-based line, or 0 when the problem concerns the whole source.</param>
    /// <param name="column">The 0-based column index, or null when no single column is concerned.</param>
    /// <param name="columnName">The column's header name, or null when the source has no header.</param>
    /// <param name="problem">What is wrong and what was expected.</param>
    /// <param name="inner">The underlying exception, if any (an I/O error).</param>
    public DataFormatException(string file, int line, int? column, string? columnName, string problem, Exception? inner = null)
        : base(Describe(file, line, column, columnName, problem), inner)
    {
        File = file;
        Line = line;
        Column = column;
        ColumnName = columnName;
        Problem = problem;
    }

    /// <summary>The source's name, as given to the reader.</summary>
    public string File { get; }

    /// <summary>The 1-based line of the problem, or 0 when it concerns the whole source.</summary>
    public int Line { get; }

    /// <summary>The 0-based column index, or null when no single column is concerned.</summary>
    public int? Column { get; }

    /// <summary>The column's header name, or null when the source has no header or no column is concerned.</summary>
    public string? ColumnName { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Problem { get; }

    private static string Describe(string file, int line, int? column, string? columnName, string problem)
    {
        string where = line > 0 ? $"{file}:{line}" : file;
        string what = (column, columnName) switch
        {
            (int c, string n) => $"column '{n}' ({c}): ",
            (int c, null) => $"column {c}: ",
            _ => "",
        };
        return $"{where}: {what}{problem}";
    }
}
