using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Data;

/// <summary>A data set read from CSV, with the names of the columns it came from.</summary>
/// <param name="Data">X of shape (rows, inputs) and Y of shape (rows, targets), in file order.</param>
/// <param name="InputNames">The input columns' header names (<c>col{index}</c> without a header).</param>
/// <param name="TargetNames">The target columns' header names (<c>col{index}</c> without a header).</param>
/// <param name="HasHeader">Whether the file began with a header row.</param>
public sealed record CsvDataset(Dataset Data, ImmutableArray<string> InputNames, ImmutableArray<string> TargetNames, bool HasHeader);

/// <summary>
/// Reads and writes data sets as CSV: comma-separated numbers, one sample per line, an optional header.
/// </summary>
/// <remarks>
/// The format is a small numeric table, so this is a parser of our own rather than a CSV library: the
/// two served here (Sep 0.17.1, CsvHelper 34.0.0) skip neither '#' comment lines (Sep) nor decide on
/// a header by content (either), so the line handling, header detection and 1-based line numbers of
/// every error would be ours anyway; a library would add only the comma split, plus exception types
/// of its own to translate, and the reader must let out nothing but <see cref="DataFormatException"/>
/// for any text. Numbers are parsed with <see cref="double.Parse(string, IFormatProvider)"/> in the
/// invariant culture, which reads back the round-trip ("R") text exactly.
/// </remarks>
public static partial class DatasetCsv
{
    /// <summary>The name used in error messages for text that does not come from a file.</summary>
    public const string TextSource = "<text>";

    /// <summary>
    /// Reads the CSV file at <paramref name="path"/>. Throws <see cref="DataFormatException"/> (naming the
    /// path) when the file is missing or unreadable or its content is not a data set; see
    /// <see cref="Read"/> for the format.
    /// </summary>
    public static CsvDataset ReadFile(string path, CsvColumns? columns = null) => ReadFile(path, columns, out _);

    /// <summary>
    /// Reads the CSV file at <paramref name="path"/> as <see cref="ReadFile(string, CsvColumns?)"/> does, in one
    /// pass (a pipe or a shell's <c>&lt;(...)</c> works), and returns in <paramref name="sha256"/> the SHA-256 of
    /// the bytes read (lower-case hex).
    /// </summary>
    internal static CsvDataset ReadFile(string path, CsvColumns? columns, out string sha256)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            if (path.Length == 0)
            {
                throw new DataFormatException(path, 0, null, null, "expected a file name");
            }

            using var hashing = new HashingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));
            using var reader = new StreamReader(hashing);
            var csv = Read(reader, path, columns);
            // Whatever follows the last line read (nothing, for a file read to its end) is part of the fingerprint.
            reader.ReadToEnd();
            sha256 = hashing.Sha256();
            return csv;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFormatException(path, 0, null, null, "file not found", e);
        }
        catch (UnauthorizedAccessException e) when (Directory.Exists(path))
        {
            throw new DataFormatException(path, 0, null, null, "is a folder, not a file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DataFormatException(path, 0, null, null, $"cannot read the file: {e.Message}", e);
        }
    }

    /// <summary>Reads CSV from a string; <paramref name="source"/> names it in error messages.</summary>
    [Pure]
    public static CsvDataset Parse(string text, CsvColumns? columns = null, string source = TextSource)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Read(reader, source, columns);
    }

    /// <summary>
    /// Reads CSV from <paramref name="reader"/> into a data set. Blank lines and lines whose first
    /// non-blank character is '#' are skipped. The first remaining row is a header when any of its fields
    /// is not a number. Every row must have as many fields as the first. <paramref name="columns"/>
    /// chooses the input and target columns (by default all but the last, and the last); only the chosen
    /// columns must hold numbers, and those must be finite. Throws <see cref="DataFormatException"/> with
    /// <paramref name="source"/>, the 1-based line and the column for any problem, including a source with
    /// no data rows.
    /// </summary>
    public static CsvDataset Read(TextReader reader, string source, CsvColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        columns ??= CsvColumns.Default;
        string[]? header = null;
        ColumnPlan? plan = null;
        int width = -1, rows = 0, lineNumber = 0;
        var inputs = new List<double>();
        var targets = new List<double>();
        string? line;
        bool afterCr = false;
        while ((line = ReadLine(reader, source, lineNumber + 1, ref afterCr)) is not null)
        {
            lineNumber++;
            if (CsvLine.IsSkipped(line))
            {
                continue;
            }

            string[] fields = CsvLine.Split(line, out string? problem)
                ?? throw new DataFormatException(source, lineNumber, null, null, problem!);
            if (width < 0)
            {
                width = fields.Length;
                bool isHeader = !fields.All(CsvLine.IsNumber);
                header = isHeader ? fields : null;
                plan = ColumnPlan.Resolve(columns, width, header, source, lineNumber);
                if (isHeader)
                {
                    continue;
                }
            }
            else if (fields.Length != width)
            {
                string kind = header is null ? "the first row" : "the header";
                throw new DataFormatException(source, lineNumber, null, null, $"expected {width} fields as in {kind}, found {fields.Length}");
            }

            if (rows == Limits.MaxSamples)
            {
                throw new DataFormatException(source, lineNumber, null, null, $"more than {Limits.MaxSamples:N0} data rows, the most a data set may hold");
            }

            plan!.Append(fields, inputs, targets, header, source, lineNumber);
            rows++;
        }

        if (rows == 0)
        {
            string what = lineNumber == 0 ? "the source is empty" : header is null ? "it holds only blank and comment lines" : "it holds a header but no data rows";
            throw new DataFormatException(source, 0, null, null, $"no data rows: {what}");
        }

        var x = Matrix<double>.Build.DenseOfRowMajor(rows, plan!.Inputs.Length, inputs.ToArray());
        var y = Matrix<double>.Build.DenseOfRowMajor(rows, plan.Targets.Length, targets.ToArray());
        return new CsvDataset(new Dataset(x, y), plan.Names(plan.Inputs, header), plan.Names(plan.Targets, header), header is not null);
    }

    /// <summary>
    /// Reads one line as <see cref="TextReader.ReadLine"/> does (ended by \n, \r or \r\n), but refuses a line
    /// longer than <see cref="Limits.MaxCsvLineChars"/> (an endless stream such as /dev/zero) and a NUL
    /// character (binary data) as soon as it is read.
    /// </summary>
    private static string? ReadLine(TextReader reader, string source, int lineNumber, ref bool afterCr)
    {
        try
        {
            var line = new System.Text.StringBuilder();
            while (true)
            {
                int c = reader.Read();
                switch (c)
                {
                    case -1:
                        afterCr = false;
                        return line.Length == 0 ? null : line.ToString();
                    case '\n' when afterCr && line.Length == 0:
                        afterCr = false;
                        continue;
                    case '\n':
                        return line.ToString();
                    case '\r':
                        afterCr = true;
                        return line.ToString();
                    case '\0':
                        throw new DataFormatException(source, lineNumber, null, null, "a NUL character: this is binary data, not a CSV text file");
                    default:
                        afterCr = false;
                        if (line.Length == Limits.MaxCsvLineChars)
                        {
                            throw new DataFormatException(source, lineNumber, null, null, $"the line is longer than {Limits.MaxCsvLineChars:N0} characters, the longest a CSV line may be");
                        }

                        line.Append((char)c);
                        break;
                }
            }
        }
        catch (IOException e)
        {
            throw new DataFormatException(source, lineNumber, null, null, $"cannot read the line: {e.Message}", e);
        }
    }

    /// <summary>The resolved input and target column indices for one source.</summary>
    private sealed record ColumnPlan(int[] Inputs, int[] Targets)
    {
        public static ColumnPlan Resolve(CsvColumns columns, int width, string[]? header, string source, int line)
        {
            int[] targets = columns.Targets is { } t ? ResolveAll(t, "target", width, header, source, line) : [width - 1];
            int[] inputs = columns.Inputs is { } i
                ? ResolveAll(i, "input", width, header, source, line)
                : [.. Enumerable.Range(0, width).Where(c => !targets.Contains(c))];
            if (inputs.Length == 0)
            {
                string why = columns.Inputs is null ? $"the rows have {width} field(s), all of them targets" : "the input list is empty";
                throw new DataFormatException(source, line, null, null, $"no input columns: {why}; expected at least one input and one target column");
            }

            return new ColumnPlan(inputs, targets);
        }

        public void Append(string[] fields, List<double> inputs, List<double> targets, string[]? header, string source, int line)
        {
            foreach (int c in Inputs)
            {
                inputs.Add(Number(fields[c], c, header, source, line));
            }

            foreach (int c in Targets)
            {
                targets.Add(Number(fields[c], c, header, source, line));
            }
        }

        public ImmutableArray<string> Names(int[] indices, string[]? header) =>
            [.. indices.Select(c => header is null ? $"col{c}" : header[c])];

        private static int[] ResolveAll(ImmutableArray<CsvColumn> chosen, string role, int width, string[]? header, string source, int line)
        {
            if (chosen.IsEmpty && role == "target")
            {
                throw new DataFormatException(source, line, null, null, "the target list is empty; expected at least one target column");
            }

            return [.. chosen.Select(c => ResolveOne(c, role, width, header, source, line))];
        }

        private static int ResolveOne(CsvColumn column, string role, int width, string[]? header, string source, int line)
        {
            if (column.Name is null)
            {
                return column.Index < width
                    ? column.Index
                    : throw new DataFormatException(source, line, null, null, $"{role} column {column.Index} does not exist; the rows have {width} field(s), indices 0..{width - 1}");
            }

            if (header is null)
            {
                throw new DataFormatException(source, line, null, null, $"{role} column '{column.Name}' is chosen by name but the first row is not a header (all its fields are numbers)");
            }

            int[] matches = [.. Enumerable.Range(0, width).Where(c => header[c] == column.Name)];
            return matches.Length switch
            {
                1 => matches[0],
                0 => throw new DataFormatException(source, line, null, null, $"unknown {role} column '{column.Name}'; the header has {string.Join(", ", header.Select(h => $"'{h}'"))}"),
                _ => throw new DataFormatException(source, line, null, null, $"{role} column '{column.Name}' is ambiguous: the header has it at columns {string.Join(", ", matches)}"),
            };
        }

        private static double Number(string field, int column, string[]? header, string source, int line)
        {
            string? name = header?[column];
            if (field.Length == 0)
            {
                throw new DataFormatException(source, line, column, name, "empty field; expected a number");
            }

            if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                throw new DataFormatException(source, line, column, name, $"'{field}' is not a number");
            }

            return double.IsFinite(value)
                ? value
                : throw new DataFormatException(source, line, column, name, $"'{field}' is not a finite number (NaN and infinities are not allowed)");
        }
    }
}
