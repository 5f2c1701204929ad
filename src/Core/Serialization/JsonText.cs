using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Functional.Core.Serialization;

/// <summary>
/// The JSON plumbing shared by the model and checkpoint formats: reading a file or text into a document
/// with one-line errors, the header (format name and version), and writing indented JSON whose number
/// arrays stay on one line.
/// </summary>
internal static class JsonText
{
    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
        MaxDepth = 64,
    };

    private static readonly JsonWriterOptions IndentedOptions = new() { Indented = true, NewLine = "\n" };

    /// <summary>
    /// Reads a file's bytes in one pass (a pipe works); a missing or unreadable file, a NUL byte (binary data,
    /// /dev/zero), a stream that can never become a model or checkpoint (<see cref="JsonStreamGuard"/>) or more
    /// than <see cref="Limits.MaxJsonBytes"/> bytes becomes a <see cref="ModelFormatException"/> as soon as it is
    /// read. Reading stops early at a syntax error or at content after the top-level object, which the parser
    /// then reports with its line.
    /// </summary>
    public static byte[] ReadFile(string path)
    {
        bool started = false;
        var guard = new JsonStreamGuard(path);
        byte[] bytes = ReadBounded(path, (read, fresh) =>
        {
            var chunk = read[^fresh..];
            // A model or checkpoint is a JSON object: anything else (an endless stream of other text) is
            // refused at its first non-blank byte rather than read to the size limit.
            if (!started && chunk.IndexOfAnyExcept(" \t\r\n"u8) is int first and >= 0)
            {
                started = true;
                bool bom = read.Length == fresh && first == 0 && fresh >= 3 && chunk.StartsWith(JsonStreamGuard.ByteOrderMark);
                if (chunk[first] != (byte)'{' && !bom)
                {
                    throw new ModelFormatException(path, $"not valid JSON at line 1: expected a JSON object ('{{'), the file starts with {Describe(chunk[first])}");
                }
            }

            int nul = chunk.IndexOf((byte)0);
            if (nul >= 0)
            {
                long line = 1 + read[..(read.Length - fresh + nul)].Count((byte)'\n');
                throw new ModelFormatException(path, $"not valid JSON at line {line}: a NUL byte (offset {read.Length - fresh + nul}); this is binary data, not a JSON text file");
            }

            return guard.Inspect(read, fresh);
        });

        // A byte-order mark (an editor's UTF-8 signature) is not part of the JSON text.
        return bytes.AsSpan().StartsWith(JsonStreamGuard.ByteOrderMark) ? bytes[3..] : bytes;
    }

    /// <summary>
    /// Looks at the bytes read so far (<c>read</c>, whose last <c>fresh</c> bytes are new) and returns whether
    /// to read on; throws to refuse the file.
    /// </summary>
    public delegate bool ChunkInspector(ReadOnlySpan<byte> read, int fresh);

    /// <summary>
    /// Reads a file's bytes in one pass (a pipe works), calling <paramref name="inspect"/> after each chunk so
    /// that a reader can refuse a file as soon as it shows what it is, or stop reading when the rest cannot
    /// change the verdict; a missing, unreadable or folder path becomes a <see cref="ModelFormatException"/>.
    /// Returns the bytes read.
    /// </summary>
    public static byte[] ReadBounded(string path, ChunkInspector inspect)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(inspect);
        try
        {
            if (path.Length == 0)
            {
                throw new ModelFormatException(path, "expected a file name");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            using var bytes = new MemoryStream();
            var chunk = new byte[1 << 16];
            int n;
            while ((n = stream.Read(chunk)) > 0)
            {
                bytes.Write(chunk, 0, n);
                if (!inspect(bytes.GetBuffer().AsSpan(0, (int)bytes.Length), n))
                {
                    break;
                }
            }

            return bytes.ToArray();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelFormatException(path, "file not found", e);
        }
        catch (UnauthorizedAccessException e) when (Directory.Exists(path))
        {
            throw new ModelFormatException(path, "is a folder, not a file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ModelFormatException(path, $"cannot read the file: {OneLine(e.Message)}", e);
        }
    }

    private static string Describe(byte b) => b is >= 0x20 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";

    /// <summary>
    /// Parses UTF-8 JSON. Throws <see cref="ModelFormatException"/> with the 1-based line for bad syntax,
    /// bad UTF-8, duplicate fields or nesting deeper than 64.
    /// </summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string source)
    {
        try
        {
            return JsonDocument.Parse(utf8, ReadOptions);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? $" at line {line + 1}" : "";
            throw new ModelFormatException(source, $"not valid JSON{where}: {Reason(e)}", e);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException(source, $"not valid JSON: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>
    /// Checks the header of a document: <c>format</c> must be <paramref name="format"/> and <c>version</c>
    /// must be <paramref name="version"/>. Returns the root.
    /// </summary>
    public static JsonField Header(JsonDocument document, string source, string format, int version) =>
        Header(document, source, format, version, version).Root;

    /// <summary>
    /// <see cref="Header(JsonDocument, string, string, int)"/> for a format whose reader also takes older
    /// versions: accepts <paramref name="oldest"/>..<paramref name="newest"/> and returns the version found.
    /// </summary>
    public static (JsonField Root, int Version) Header(JsonDocument document, string source, string format, int newest, int oldest) =>
        Header(new JsonField(document.RootElement, source, ""), format, newest, oldest);

    /// <summary>
    /// Checks the header of an object that may stand inside another document (a checkpoint in a sweep shard):
    /// as <see cref="Header(JsonDocument, string, string, int, int)"/>. Returns the object and the version found.
    /// </summary>
    public static (JsonField Root, int Version) Header(JsonField root, string format, int newest, int oldest)
    {
        if (root.Element.ValueKind != JsonValueKind.Object)
        {
            throw root.Error($"expected a {format} object, got {JsonField.Describe(root.Element)}");
        }

        string name = root.Required("format").String();
        if (name != format)
        {
            throw root.Error($"format is \"{JsonField.Printable(name)}\", expected \"{format}\"");
        }

        var versionField = root.Required("version");
        long found = versionField.Long();
        if (found < oldest || found > newest)
        {
            string reads = oldest == newest ? $"version {newest}" : $"versions {oldest} to {newest}";
            throw root.Error($"unsupported version {found} (this build reads {reads})");
        }

        return (root, (int)found);
    }

    /// <summary>
    /// Runs a reader, turning any exception the checks above did not anticipate into a
    /// <see cref="ModelFormatException"/>, so that no input can make a reader throw anything else.
    /// </summary>
    public static T Guard<T>(string source, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException or IndexOutOfRangeException or KeyNotFoundException)
        {
            throw new ModelFormatException(source, $"cannot be read: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>Runs <paramref name="write"/> on an indented UTF-8 writer and returns the text, ending in a newline.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, IndentedOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>
    /// Writes numbers as one compact array (<c>[0.1,-2,3.5E-07]</c>) so that a weight row or a trace record
    /// stays on one line of an indented file. Doubles are written as System.Text.Json writes them: the
    /// shortest text that reads back to the same double (round-trip precision). Throws
    /// <see cref="ArgumentException"/> for a non-finite value, naming <paramref name="what"/>.
    /// </summary>
    public static void WriteNumbers(Utf8JsonWriter writer, ReadOnlySpan<double> values, string what) =>
        writer.WriteRawValue(Compact(values, what), skipInputValidation: true);

    private static string Compact(ReadOnlySpan<double> values, string what)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * values.Length + 2);
        using (var compact = new Utf8JsonWriter(buffer))
        {
            compact.WriteStartArray();
            foreach (double value in values)
            {
                if (!double.IsFinite(value))
                {
                    throw new ArgumentException($"{what} holds {value}; only finite numbers can be saved");
                }

                compact.WriteNumberValue(value);
            }

            compact.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Writes an array of number arrays with one inner array per line (a weight matrix row by row, a trace
    /// record by record), indented to match the surrounding document. The writer indents raw values only
    /// as property values, so the whole block is written as one raw value with its own line breaks.
    /// </summary>
    public static void WriteRows(Utf8JsonWriter writer, IReadOnlyList<double[]> rows, Func<int, string> what)
    {
        if (rows.Count == 0)
        {
            writer.WriteRawValue("[]", skipInputValidation: true);
            return;
        }

        string outer = new(' ', 2 * writer.CurrentDepth);
        var block = new StringBuilder("[");
        for (int i = 0; i < rows.Count; i++)
        {
            block.Append(i == 0 ? "\n" : ",\n").Append(outer).Append("  ").Append(Compact(rows[i], what(i)));
        }

        block.Append('\n').Append(outer).Append(']');
        writer.WriteRawValue(block.ToString(), skipInputValidation: true);
    }

    /// <summary>Writes whole numbers as one compact array.</summary>
    public static void WriteNumbers(Utf8JsonWriter writer, IEnumerable<int> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var compact = new Utf8JsonWriter(buffer))
        {
            compact.WriteStartArray();
            foreach (int value in values)
            {
                compact.WriteNumberValue(value);
            }

            compact.WriteEndArray();
        }

        writer.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
    }

    private static string Reason(JsonException e)
    {
        // The reader's message ends with "LineNumber: 2 | BytePositionInLine: 10."; the line is reported
        // separately (1-based), so keep only the first sentence.
        string message = OneLine(e.Message);
        int cut = message.IndexOf(". ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
