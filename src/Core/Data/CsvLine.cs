using System.Globalization;
using System.Text;

namespace Functional.Core.Data;

/// <summary>
/// Splits one line of a CSV file into fields: comma-separated, each field trimmed of surrounding white
/// space; a field that starts with a double quote runs to the matching closing quote, may hold commas,
/// and writes a quote inside as two quotes (RFC 4180), but may not span lines.
/// </summary>
internal static class CsvLine
{
    /// <summary>Returns the fields of <paramref name="line"/>, or null and a problem description.</summary>
    public static string[]? Split(string line, out string? problem)
    {
        var fields = new List<string>();
        var quoted = new StringBuilder();
        int i = 0, n = line.Length;
        while (true)
        {
            int start = i;
            while (i < n && (line[i] == ' ' || line[i] == '\t'))
            {
                i++;
            }

            if (i < n && line[i] == '"')
            {
                quoted.Clear();
                i++;
                while (true)
                {
                    if (i >= n)
                    {
                        problem = $"field {fields.Count}: a quoted field is not closed on its line";
                        return null;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < n && line[i + 1] == '"')
                        {
                            quoted.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    quoted.Append(line[i++]);
                }

                while (i < n && (line[i] == ' ' || line[i] == '\t'))
                {
                    i++;
                }

                if (i < n && line[i] != ',')
                {
                    problem = $"field {fields.Count}: text after a closing quote; expected a comma or the end of the line";
                    return null;
                }

                fields.Add(quoted.ToString());
            }
            else
            {
                int end = line.IndexOf(',', i);
                if (end < 0)
                {
                    end = n;
                }

                fields.Add(line[start..end].Trim());
                i = end;
            }

            if (i >= n)
            {
                break;
            }

            i++; // the comma
        }

        problem = null;
        return [.. fields];
    }

    /// <summary>Whether <paramref name="field"/> reads as a number (finite or not) in the invariant culture.</summary>
    public static bool IsNumber(string field) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>Whether a line is blank or a comment (its first non-blank character is '#').</summary>
    public static bool IsSkipped(string line)
    {
        var trimmed = line.AsSpan().TrimStart();
        return trimmed.IsEmpty || trimmed[0] == '#';
    }
}
