using System.Diagnostics.Contracts;

namespace Functional.Core.Random;

/// <summary>Which generator a training run draws its initial weights, validation split and shuffles from.</summary>
public enum RandomSource
{
    /// <summary>
    /// Keyed streams (<see cref="RandomStreams"/>): one NumPy-legacy generator per (seed, purpose, index), so any
    /// epoch's shuffle is drawn without the ones before it.
    /// </summary>
    Keyed = 0,

    /// <summary>
    /// One PyTorch CPU generator seeded with <c>torch.manual_seed(seed)</c>, drawn in the order a PyTorch script
    /// draws: the model's <c>nn.Linear</c> initialisation, then <c>random_split</c>, then each epoch's
    /// <c>DataLoader</c> order. A run with this source replays the same script in PyTorch draw for draw.
    /// </summary>
    Torch = 1,
}

/// <summary>Names of <see cref="RandomSource"/> values, as the command line and checkpoints write them.</summary>
public static class RandomSources
{
    /// <summary>Names accepted by <see cref="Parse"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["torch", "keyed"];

    /// <summary>Returns <c>torch</c> or <c>keyed</c>.</summary>
    [Pure]
    public static string Name(RandomSource source) => source switch
    {
        RandomSource.Keyed => "keyed",
        RandomSource.Torch => "torch",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "unknown random source"),
    };

    /// <summary>Parses <c>torch</c> or <c>keyed</c>; throws <see cref="FormatException"/> listing them otherwise.</summary>
    [Pure]
    public static RandomSource Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "torch" => RandomSource.Torch,
            "keyed" => RandomSource.Keyed,
            _ => throw new FormatException($"unknown generator '{text}'; valid: {string.Join(", ", Names)}"),
        };
    }
}
