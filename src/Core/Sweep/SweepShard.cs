using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Globalization;

namespace Functional.Core.Sweep;

/// <summary>
/// One of <see cref="Count"/> deterministic slices of a sweep's runs: run i belongs to shard (i mod Count) + 1,
/// so every shard holds runs of every configuration and about the same work. Each run is a pure function of
/// its configuration and seed, so the shards can run anywhere and their results be merged
/// (<see cref="SweepEngine.Merge"/>) into exactly the single run's result.
/// </summary>
/// <param name="Index">Which slice, 1 to <see cref="Count"/>.</param>
/// <param name="Count">How many slices, at least 1.</param>
public sealed record SweepShard(int Index, int Count)
{
    /// <summary>The most slices a sweep can be cut into.</summary>
    public const int MaxCount = 100_000;

    /// <summary>The whole sweep as one slice.</summary>
    public static SweepShard All { get; } = new(1, 1);

    /// <summary>"K/N", as <see cref="Parse"/> reads it.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>
    /// Parses "K/N" (1 &lt;= K &lt;= N &lt;= <see cref="MaxCount"/>, plain decimal digits). Throws
    /// <see cref="FormatException"/> saying what was expected.
    /// </summary>
    [Pure]
    public static SweepShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length != 2 || !Number(parts[0], out int k) || !Number(parts[1], out int n))
        {
            throw new FormatException($"'{Shorten(text)}': expected K/N, e.g. 2/8 for the second of eight shards");
        }

        if (n < 1 || n > MaxCount || k < 1 || k > n)
        {
            throw new FormatException($"'{text}': K/N needs 1 <= K <= N <= {MaxCount.ToString(CultureInfo.InvariantCulture)}");
        }

        return new SweepShard(k, n);
    }

    /// <summary>Whether run number <paramref name="runIndex"/> (0-based, as <see cref="SweepRun.Index"/>) is in this slice.</summary>
    [Pure]
    public bool Contains(int runIndex) => runIndex % Count == Index - 1;

    /// <summary>Returns the runs of this slice, in run order.</summary>
    [Pure]
    public ImmutableArray<SweepRun> Select(ImmutableArray<SweepRun> runs) => [.. runs.Where(r => Contains(r.Index))];

    private static bool Number(string text, out int value)
    {
        value = 0;
        return text.Length is > 0 and <= 9 && text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
