using System.Globalization;
using System.Text.Json;

namespace Functional.Core.Serialization;

/// <summary>
/// A JSON value being read, with the source's name and the value's path for error messages. Every read
/// checks the value's kind and range and throws <see cref="ModelFormatException"/> naming the path
/// (<c>ckpt.json: run.batch_size: must be a whole number >= 1, got 0</c>); nothing else escapes.
/// </summary>
internal readonly struct JsonField
{
    public JsonField(JsonElement element, string source, string path)
    {
        Element = element;
        Source = source;
        Path = path;
    }

    public JsonElement Element { get; }

    public string Source { get; }

    /// <summary>Where the value sits, e.g. <c>run.layout[2]</c>; empty for the document's root.</summary>
    public string Path { get; }

    /// <summary>Returns the exception for a problem with this value, prefixed by its path.</summary>
    public ModelFormatException Error(string problem) =>
        new(Source, Path.Length == 0 ? problem : $"{Path}: {problem}");

    /// <summary>Requires an object whose property names are all in <paramref name="known"/> (and each appears once).</summary>
    public JsonField Object(params string[] known)
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            throw Error($"expected an object, got {Describe(Element)}");
        }

        foreach (var property in Element.EnumerateObject())
        {
            string name = NameOf(property);
            if (Array.IndexOf(known, name) < 0)
            {
                throw Error($"unknown field \"{Printable(name)}\" (expected {string.Join(", ", known)})");
            }
        }

        return this;
    }

    /// <summary>Returns the required property <paramref name="name"/> of this object.</summary>
    public JsonField Required(string name) =>
        Optional(name) is { } field && field.Element.ValueKind != JsonValueKind.Null
            ? field
            : throw Error(Element.ValueKind == JsonValueKind.Object ? $"missing \"{name}\"" : $"expected an object with \"{name}\", got {Describe(Element)}");

    /// <summary>Returns the property <paramref name="name"/>, or null when it is absent or JSON null.</summary>
    public JsonField? Optional(string name)
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            throw Error($"expected an object, got {Describe(Element)}");
        }

        return Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? new JsonField(value, Source, Child(name))
            : null;
    }

    /// <summary>Returns the items of this array.</summary>
    public JsonField[] Items()
    {
        if (Element.ValueKind != JsonValueKind.Array)
        {
            throw Error($"expected an array, got {Describe(Element)}");
        }

        var items = new JsonField[Element.GetArrayLength()];
        int i = 0;
        foreach (var item in Element.EnumerateArray())
        {
            items[i] = new JsonField(item, Source, $"{Path}[{i}]");
            i++;
        }

        return items;
    }

    /// <summary>Returns this value as a finite double.</summary>
    public double Double()
    {
        if (Element.ValueKind != JsonValueKind.Number)
        {
            throw Error($"expected a number, got {Describe(Element)}");
        }

        // TryGetDouble reads 1e400 as infinity rather than failing: only finite values are accepted.
        if (!Element.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            throw Error($"{Printable(Element.GetRawText())} is not a finite number");
        }

        return value;
    }

    /// <summary>Returns this array of numbers as doubles, each finite.</summary>
    public double[] Doubles()
    {
        var items = Items();
        var values = new double[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            values[i] = items[i].Double();
        }

        return values;
    }

    /// <summary>Returns this value as a whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long Long(long min = long.MinValue, long max = long.MaxValue)
    {
        if (Element.ValueKind != JsonValueKind.Number || !Element.TryGetInt64(out long value))
        {
            throw Error($"expected a whole number, got {Describe(Element)}");
        }

        if (value < min || value > max)
        {
            throw Error(max >= int.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"must be at least {min}, got {value}")
                : string.Create(CultureInfo.InvariantCulture, $"must lie in {min}..{max}, got {value}"));
        }

        return value;
    }

    /// <summary>Returns this value as an int in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int(int min = int.MinValue, int max = int.MaxValue) => (int)Long(min, max);

    /// <summary>Returns this value as a boolean.</summary>
    public bool Bool() => Element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error($"expected true or false, got {Describe(Element)}"),
    };

    /// <summary>Returns this value as a string (well-formed UTF-16).</summary>
    public string String()
    {
        if (Element.ValueKind != JsonValueKind.String)
        {
            throw Error($"expected a string, got {Describe(Element)}");
        }

        try
        {
            return Element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape (\ud800) is valid JSON but not a valid string.
            throw Error("the string holds an invalid escape (a lone surrogate)");
        }
    }

    /// <summary>
    /// Returns this string read by <paramref name="parse"/> (a name parser such as <c>Loss.Parse</c>); its
    /// <see cref="FormatException"/> or <see cref="ArgumentException"/> becomes this field's error.
    /// </summary>
    public T Parsed<T>(Func<string, T> parse)
    {
        string text = String();
        try
        {
            return parse(text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw Error(Printable(e.Message, 300));
        }
    }

    /// <summary>Returns this object's properties as strings, in file order.</summary>
    public IEnumerable<(string Name, string Value)> StringProperties()
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            throw Error($"expected an object, got {Describe(Element)}");
        }

        var result = new List<(string, string)>();
        foreach (var property in Element.EnumerateObject())
        {
            string name = NameOf(property);
            result.Add((name, new JsonField(property.Value, Source, Child(name)).String()));
        }

        return result;
    }

    /// <summary>Says what a value is, for messages: <c>a string</c>, <c>the number 3</c>, <c>an array</c>.</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {Printable(element.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Shortens text from the file for a one-line message and drops control characters.</summary>
    public static string Printable(string text, int max = 40)
    {
        var clean = new string([.. text.Select(c => char.IsControl(c) ? '?' : c)]);
        return clean.Length <= max ? clean : clean[..(max - 3)] + "...";
    }

    private string NameOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw Error("a field name holds an invalid escape (a lone surrogate)");
        }
    }

    private string Child(string name) => Path.Length == 0 ? name : $"{Path}.{name}";
}
