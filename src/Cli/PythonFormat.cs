using System.Globalization;

namespace Functional.Cli;

/// <summary>Python's float formatting, so log lines read exactly as the tutorial's.</summary>
internal static class PythonFormat
{
    /// <summary>
    /// Formats as Python's <c>format(value, '.{precision}g')</c>: <paramref name="precision"/> significant
    /// digits, fixed notation when the exponent lies in [-4, precision), scientific (<c>1.235e+05</c>)
    /// otherwise, trailing zeros and a trailing point removed; <c>nan</c>, <c>inf</c>, <c>-inf</c>.
    /// </summary>
    public static string General(double value, int precision = 4)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (precision < 1)
        {
            precision = 1;
        }

        if (value == 0.0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // "E" formatting rounds to the requested significant digits (round-half-even on the exact
        // binary value, as Python does) and tells the exponent after rounding.
        string scientific = value.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int ePos = scientific.IndexOf('E', StringComparison.Ordinal);
        int exponent = int.Parse(scientific.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string mantissa = scientific[..ePos];

        if (exponent >= -4 && exponent < precision)
        {
            string digits = mantissa.Replace(".", "", StringComparison.Ordinal).TrimStart('-');
            bool negative = value < 0;
            string fixedText;
            if (exponent >= 0)
            {
                string whole = digits[..(exponent + 1)];
                string fraction = digits[(exponent + 1)..];
                fixedText = fraction.Length > 0 ? whole + "." + fraction : whole;
            }
            else
            {
                fixedText = "0." + new string('0', -exponent - 1) + digits;
            }

            return (negative ? "-" : "") + StripZeros(fixedText);
        }

        string sign = exponent < 0 ? "-" : "+";
        return StripZeros(mantissa) + "e" + sign + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    private static string StripZeros(string text) =>
        text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
}
