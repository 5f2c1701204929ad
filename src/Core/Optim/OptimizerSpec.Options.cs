using System.Collections.Immutable;
using System.Globalization;

namespace Functional.Core.Optim;

// The option keys of the text form: how each reads its value into a spec and writes it back.
public abstract partial record OptimizerSpec
{
    /// <summary>A number-valued key of the optimizer <typeparamref name="T"/>.</summary>
    private protected static SpecOption Number<T>(string key, Func<T, double?> get, Func<T, double, T> set)
        where T : OptimizerSpec =>
        new(
            key,
            (spec, raw, text) => double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                ? set((T)spec, value)
                : throw new FormatException($"optimizer '{text}': {key} must be a number, got '{raw}'"),
            spec => get((T)spec) is double v ? Arguments.Format(v) : null,
            (spec, value) => set((T)spec, value));

    /// <summary>A true/false key of the optimizer <typeparamref name="T"/> (also 1/0).</summary>
    private protected static SpecOption Flag<T>(string key, Func<T, bool?> get, Func<T, bool, T> set)
        where T : OptimizerSpec =>
        new(
            key,
            (spec, raw, text) => raw.ToLowerInvariant() switch
            {
                "true" or "1" => set((T)spec, true),
                "false" or "0" => set((T)spec, false),
                _ => throw new FormatException($"optimizer '{text}': {key} must be true or false, got '{raw}'"),
            },
            spec => get((T)spec) is bool b ? (b ? "true" : "false") : null);

    /// <summary>One option key: how <see cref="Parse"/> reads its value and <see cref="ToString"/> writes it (null when unset).</summary>
    /// <param name="Key">The key, e.g. <c>weight_decay</c>.</param>
    /// <param name="Read">Returns the spec with the raw value set; throws <see cref="FormatException"/> naming the whole text for a malformed one.</param>
    /// <param name="Write">The value as text, or null when the spec leaves it unset.</param>
    /// <param name="Set">Returns the spec with a number set, for a number-valued key; null for a flag.</param>
    private protected sealed record SpecOption(
        string Key,
        Func<OptimizerSpec, string, string, OptimizerSpec> Read,
        Func<OptimizerSpec, string?> Write,
        Func<OptimizerSpec, double, OptimizerSpec>? Set = null);
}
