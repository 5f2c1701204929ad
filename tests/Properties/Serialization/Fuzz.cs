using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Functional.Properties.Tests.Serialization;

/// <summary>Inputs for the readers' fuzz properties: random bytes, and valid files damaged in small ways.</summary>
internal static class Fuzz
{
    private static readonly string[] Junk =
        ["", "{", "}", "[", "]", ",", ":", "\"", "-", "1e400", "NaN", "null", "true", "\"x\"", "0", "-1", "99999999999", "\\ud800", "\u00ff", "\0", "[[]]", "{}"];

    /// <summary>
    /// Random bytes (1 in 4), else <paramref name="valid"/> with one to three edits: a character replaced by
    /// junk, a span deleted, or junk inserted.
    /// </summary>
    public static Arbitrary<byte[]> Bytes(string valid)
    {
        var random = Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf();
        var edit =
            from kind in Gen.Choose(0, 2)
            from at in Gen.Choose(0, valid.Length)
            from span in Gen.Choose(1, 12)
            from junk in Gen.Elements(Junk)
            select (Func<string, string>)(text =>
            {
                int start = Math.Min(at, text.Length);
                return kind switch
                {
                    0 => text[..start] + junk + text[Math.Min(text.Length, start + 1)..],
                    1 => text[..start] + text[Math.Min(text.Length, start + span)..],
                    _ => text[..start] + junk + text[start..],
                };
            });
        var damaged =
            from edits in edit.ArrayOf().Where(e => e.Length is >= 1 and <= 3)
            select Encoding.UTF8.GetBytes(edits.Aggregate(valid, (text, f) => f(text)));
        return Gen.Frequency((1, random), (3, damaged)).ToArbitrary();
    }
}
