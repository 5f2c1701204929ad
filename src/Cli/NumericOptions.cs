using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Functional.Cli;

/// <summary>
/// Numeric options whose parse errors read as the rest of the CLI's (<c>--lr 'abc': expected a number</c>)
/// instead of naming .NET types. Numbers use the invariant culture; <c>inf</c> and <c>nan</c> parse, so
/// that the range checks can name them.
/// </summary>
internal static class NumericOptions
{
    public static Option<double?> Double(string name, string description) =>
        new(name) { Description = description, CustomParser = result => ParseDouble(result, name) };

    public static Option<double> Double(string name, string description, double defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue, CustomParser = result => ParseDouble(result, name) ?? defaultValue };

    /// <summary>A repeatable number option (<c>--lr 0.1 --lr 0.01</c>), each value parsed as <see cref="Double(string, string)"/>.</summary>
    public static Option<double[]> Doubles(string name, string description) =>
        new(name)
        {
            Description = description,
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
            CustomParser = result =>
            {
                var values = new List<double>();
                foreach (var token in result.Tokens)
                {
                    if (ParseDouble(token.Value) is double value)
                    {
                        values.Add(value);
                    }
                    else
                    {
                        result.AddError($"{name} '{token.Value}': expected a number (a point for decimals, no thousands separators)");
                        return [];
                    }
                }

                return [.. values];
            },
        };

    public static Option<int?> Int(string name, string description) =>
        new(name) { Description = description, CustomParser = result => ParseInt(result, name) };

    public static Option<int> Int(string name, string description, int defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue, CustomParser = result => ParseInt(result, name) ?? defaultValue };

    public static Option<long> Long(string name, string description, long defaultValue) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                string text = Token(result);
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
                {
                    return value;
                }

                result.AddError($"{name} '{text}': expected a whole number");
                return defaultValue;
            },
        };

    /// <summary>
    /// A seed as PyTorch's <c>manual_seed</c> takes it: a whole number from -2^63 to 2^64 - 1; one above 2^63 - 1 is
    /// kept as the 64-bit pattern PyTorch keeps (its two's-complement <c>long</c>). Anything else is an error
    /// naming that range.
    /// </summary>
    public static Option<long?> Seed(string name, string description) =>
        new(name)
        {
            Description = description,
            CustomParser = result =>
            {
                string text = Token(result);
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
                {
                    return value;
                }

                if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong unsigned))
                {
                    return unchecked((long)unsigned);
                }

                result.AddError($"{name} '{text}': expected a whole number from -9223372036854775808 to 18446744073709551615 (the seeds torch.manual_seed accepts)");
                return null;
            },
        };

    private static double? ParseDouble(ArgumentResult result, string name)
    {
        string text = Token(result);
        if (ParseDouble(text) is double value)
        {
            return value;
        }

        result.AddError($"{name} '{text}': expected a number");
        return null;
    }

    /// <summary>
    /// A number in the invariant culture, strictly: digits with a '.' for decimals and an optional exponent, no
    /// thousands separators (<c>0,001</c> is refused, never read as 1), whatever the current culture; also inf and nan.
    /// </summary>
    public static double? ParseDouble(string text)
    {
        string lower = text.Trim().ToLowerInvariant();
        double? special = lower switch
        {
            "inf" or "+inf" or "infinity" => double.PositiveInfinity,
            "-inf" or "-infinity" => double.NegativeInfinity,
            "nan" => double.NaN,
            _ => null,
        };
        if (special is not null)
        {
            return special;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
    }

    private static int? ParseInt(ArgumentResult result, string name)
    {
        string text = Token(result);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }

        result.AddError($"{name} '{text}': expected a whole number");
        return null;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
}
