using System.Text;
using System.Text.Json;
using Functional.Core.Sweep;

namespace Functional.Core.Serialization;

/// <summary>
/// Watches a model or checkpoint file while it is read, so that a stream that can never become a valid file
/// is refused as soon as it shows it rather than read to <see cref="Limits.MaxJsonBytes"/>: a syntax error or
/// content after the top-level object stops the read (the parser then reports it with its line); one value
/// (a string or number) or a blank run longer than 1 MiB is refused; and once the header (<c>format</c>, the
/// layout and, for a checkpoint, the epochs) has been read, the file may hold no more bytes than any file of
/// that layout can take. This tool writes the header first, so its files are bounded by their own layout; a
/// file written in another order is bounded by <see cref="Limits.MaxJsonBytes"/> alone.
/// </summary>
internal sealed class JsonStreamGuard
{
    private const int MaxTokenBytes = 1 << 20;
    private const int MaxBlankBytes = 1 << 20;

    // Generous per-item sizes: a number with its separator, row brackets and indentation (a one-number row
    // of a deep tree takes about 40 bytes), a layer's fixed text, a trace record with validation columns.
    private const long BytesPerParameter = 64;
    private const long BytesPerLayer = 1024;
    private const long BytesPerEpoch = 160;

    // A checkpoint holds the model and at most four optimizer-state trees of the same shape (Limits.CheckpointBound).
    private const int TreesPerCheckpoint = 5;

    private readonly string path;
    private JsonReaderState state = new(new JsonReaderOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow });
    private long consumed;
    private long blankRun;
    private bool finished;
    private bool started;
    private bool bounded;
    private long gridStart = -1;
    private readonly string?[] names = new string?[4];
    private string? format;
    private readonly List<long> layout = [];
    private bool layoutDone;
    private bool layoutValid = true;
    private long? epochs;
    private long budget = Limits.MaxJsonBytes;
    private string budgetReason = $"the most a model or checkpoint file may hold";

    /// <summary>The UTF-8 byte-order mark, which a reader skips at the start of a file.</summary>
    public static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    // Past this size a file must have shown its format and layout (this tool writes them first), so that an
    // endless stream without them is refused in well under a second rather than at the 1 GiB limit.
    private const int MaxBytesBeforeHeader = 16 << 20;

    public JsonStreamGuard(string path) => this.path = path;

    /// <summary>
    /// Looks at the bytes read so far (<paramref name="read"/>, of which the last <paramref name="fresh"/> are
    /// new). Returns false when reading further cannot change the verdict (the JSON is already invalid or
    /// complete with more after it): the caller stops and lets the parser report. Throws
    /// <see cref="ModelFormatException"/> when the file cannot be a valid one however it goes on.
    /// </summary>
    public bool Inspect(ReadOnlySpan<byte> read, int fresh)
    {
        if (read.Length > budget)
        {
            throw new ModelFormatException(path, $"goes on past {budget:N0} bytes, {budgetReason} (the file does not end, or was not written as this tool writes it)");
        }

        TrackBlankRun(read[^fresh..], read);
        if (read.Length > MaxBytesBeforeHeader && !HeaderDone)
        {
            throw new ModelFormatException(path, $"goes on past {MaxBytesBeforeHeader:N0} bytes without naming its format and layout first; a file this large must start with them, as this tool writes it");
        }
        if (!started)
        {
            // A byte-order mark, which the reader skips (wait for its three bytes when a pipe gives fewer).
            if (read.Length < 3 && ByteOrderMark.StartsWith(read))
            {
                return true;
            }

            started = true;
            consumed = read.StartsWith(ByteOrderMark) ? 3 : 0;
        }
        if (finished)
        {
            return read[(int)consumed..].IndexOfAnyExcept(" \t\r\n"u8) < 0;
        }

        long spanStart = consumed;
        var reader = new Utf8JsonReader(read[(int)consumed..], isFinalBlock: false, state);
        try
        {
            while (reader.Read())
            {
                Observe(ref reader, read, spanStart);
                if (reader.CurrentDepth == 0 && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    finished = true;
                    consumed += reader.BytesConsumed;
                    return read[(int)consumed..].IndexOfAnyExcept(" \t\r\n"u8) < 0;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        consumed += reader.BytesConsumed;
        state = reader.CurrentState;
        if (read.Length - consumed > MaxTokenBytes && read[(int)consumed..].IndexOfAnyExcept(" \t\r\n"u8) >= 0)
        {
            throw new ModelFormatException(path, $"not valid JSON at line {LineAt(read, consumed)}: a single value is longer than {MaxTokenBytes:N0} bytes, more than any model or checkpoint holds");
        }

        return true;
    }

    private void TrackBlankRun(ReadOnlySpan<byte> chunk, ReadOnlySpan<byte> read)
    {
        int lastContent = chunk.LastIndexOfAnyExcept(" \t\r\n"u8);
        blankRun = lastContent < 0 ? blankRun + chunk.Length : chunk.Length - lastContent - 1;
        if (blankRun > MaxBlankBytes)
        {
            throw new ModelFormatException(path, $"not valid JSON at line {LineAt(read, read.Length)}: more than {MaxBlankBytes:N0} bytes of blank space in a row");
        }
    }

    private void Observe(ref Utf8JsonReader reader, ReadOnlySpan<byte> read, long spanStart)
    {
        int depth = reader.CurrentDepth;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject when depth == 1 && names[1] == "grid" && format == SweepShardFile.FormatName && gridStart < 0:
                gridStart = spanStart + reader.TokenStartIndex;
                break;
            case JsonTokenType.EndObject when depth == 1 && names[1] == "grid" && gridStart >= 0 && !bounded:
                BoundShard(read[(int)gridStart..(int)(spanStart + reader.BytesConsumed)]);
                break;
            case JsonTokenType.PropertyName when depth < names.Length:
                names[depth] = reader.ValueSpan.Length <= 64 && !reader.ValueIsEscaped ? Encoding.UTF8.GetString(reader.ValueSpan) : null;
                Array.Clear(names, depth + 1, names.Length - depth - 1);
                break;
            case JsonTokenType.String when depth == 1 && names[1] == "format" && format is null:
                format = reader.ValueSpan.Length <= 64 && !reader.ValueIsEscaped ? Encoding.UTF8.GetString(reader.ValueSpan) : "";
                break;
            case JsonTokenType.Number when !layoutDone && IsLayout(depth - 1):
                if (reader.TryGetInt64(out long width) && width is >= 1 and <= Limits.MaxWidth && layout.Count < 1_000_000)
                {
                    layout.Add(width);
                }
                else
                {
                    layoutValid = false;
                }

                break;
            case JsonTokenType.StartArray or JsonTokenType.StartObject or JsonTokenType.String or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null
                when !layoutDone && IsLayout(depth - 1):
                layoutValid = false;
                break;
            case JsonTokenType.EndArray when !layoutDone && IsLayout(depth):
                layoutDone = true;
                break;
            case JsonTokenType.Number when epochs is null && depth == 2 && names[1] == "run" && names[2] == "epochs":
                epochs = reader.TryGetInt64(out long e) && e is >= 0 and <= Limits.MaxEpochs ? e : -1;
                break;
        }

        UpdateBudget();
    }

    // Whether the header that bounds the file's size has been read, or the format is one the guard does not bound.
    private bool HeaderDone =>
        bounded || (format is not null && format != ModelFile.FormatName && format != CheckpointFile.FormatName && format != SweepShardFile.FormatName);

    // The layout's array: at the top of a model file, under "run" in a checkpoint.
    private bool IsLayout(int arrayDepth) =>
        (format == ModelFile.FormatName && arrayDepth == 1 && names[1] == "layout")
        || (format == CheckpointFile.FormatName && arrayDepth == 2 && names[1] == "run" && names[2] == "layout");

    private void UpdateBudget()
    {
        if (bounded || !layoutDone || !layoutValid || layout.Count < 2)
        {
            return;
        }

        long tree = TreeBytes(layout);
        if (tree > Limits.MaxJsonBytes)
        {
            return; // the reader refuses the layout itself
        }

        string shape = string.Join(",", layout);
        if (format == ModelFile.FormatName)
        {
            budget = Math.Min(Limits.MaxJsonBytes, tree + (1 << 20));
            budgetReason = $"more than a model of layout {shape} takes";
            bounded = true;
        }
        else if (epochs is long e and >= 0)
        {
            budget = Math.Min(Limits.MaxJsonBytes, (TreesPerCheckpoint * tree) + (e * BytesPerEpoch) + (1 << 20));
            budgetReason = $"more than a checkpoint of layout {shape} and {e:N0} epochs takes";
            bounded = true;
        }
    }

    // A sweep shard holds at most the sweep's runs, each a checkpoint of one of the grid's layouts with a
    // trace of the grid's epochs; the grid is read by its own reader, and a grid it refuses bounds nothing.
    private void BoundShard(ReadOnlySpan<byte> gridJson)
    {
        SweepGrid grid;
        try
        {
            using var document = JsonDocument.Parse(gridJson.ToArray());
            grid = SweepGridJson.Read(new JsonField(document.RootElement, path, "grid"));
        }
        catch (Exception e) when (e is JsonException or ModelFormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            return;
        }

        long largest = grid.Layouts.Max(layout => TreeBytes(layout.Select(w => (long)w).ToList()));
        if (largest > Limits.MaxJsonBytes)
        {
            return;
        }

        long run = (TreesPerCheckpoint * largest) + (grid.Epochs * BytesPerEpoch) + (64 << 10);
        budget = (long)Math.Min(Limits.MaxJsonBytes, ((double)grid.RunCount * run) + gridJson.Length + (1 << 20));
        budgetReason = $"more than the shard of a sweep of {grid.RunCount:N0} runs takes";
        bounded = true;
    }

    // The text of one parameter tree (weights and biases of every layer) of a layout, at the generous sizes above.
    private static long TreeBytes(IReadOnlyList<long> widths)
    {
        long parameters = 0;
        for (int i = 0; i + 1 < widths.Count; i++)
        {
            parameters += (widths[i] + 1) * widths[i + 1];
            if (parameters > Limits.MaxParameters)
            {
                return long.MaxValue; // a layout the readers refuse
            }
        }

        return (parameters * BytesPerParameter) + (widths.Count * BytesPerLayer);
    }

    private static long LineAt(ReadOnlySpan<byte> read, long position) => 1 + read[..(int)Math.Min(position, read.Length)].Count((byte)'\n');
}
