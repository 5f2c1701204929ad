namespace Functional.Core;

/// <summary>
/// The sizes this library and the <c>mlp</c> CLI accept, the same in the options and in the file readers
/// (docs/errors.md lists them). They are checked before anything of that size is allocated.
/// </summary>
internal static class Limits
{
    /// <summary>The widest layer (a layout width), in model files and options.</summary>
    public const int MaxWidth = 1_000_000;

    /// <summary>The most parameters (weights and biases) of a network.</summary>
    public const long MaxParameters = 10_000_000;

    /// <summary>The most data rows (CSV files, <c>mlp data --n</c>).</summary>
    public const int MaxSamples = 10_000_000;

    /// <summary>The longest CSV line, in characters.</summary>
    public const int MaxCsvLineChars = 1 << 20;

    /// <summary>The largest model or checkpoint file, in bytes (1 GiB).</summary>
    public const long MaxJsonBytes = 1L << 30;

    /// <summary>The most epochs of a run.</summary>
    public const int MaxEpochs = 10_000_000;

    /// <summary>
    /// An upper bound of a checkpoint file's size: the model and up to four optimizer-state trees of
    /// <paramref name="parameters"/> numbers, and a trace of <paramref name="epochs"/> records, at the longest
    /// text a double takes. A run whose bound exceeds <see cref="MaxJsonBytes"/> could save a checkpoint the
    /// reader refuses, so the CLI refuses it before training.
    /// </summary>
    public static long CheckpointBound(long parameters, long epochs) => (5 * parameters * 26) + (epochs * 80) + (1 << 20);

    /// <summary>The number of weights and biases of a layout, or null when a width is out of range or the count exceeds <see cref="MaxParameters"/>.</summary>
    public static long ParameterCount(IReadOnlyList<int> layout)
    {
        long count = 0;
        for (int i = 0; i + 1 < layout.Count; i++)
        {
            count += ((long)layout[i] + 1) * layout[i + 1];
            if (count > MaxParameters)
            {
                return count;
            }
        }

        return count;
    }
}
