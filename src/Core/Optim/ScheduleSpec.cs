using System.Diagnostics.Contracts;
using System.Globalization;
using System.Text;

namespace Functional.Core.Optim;

/// <summary>
/// A learning-rate schedule chosen by name with its settings, as the CLI gives it and checkpoints store it
/// (<c>NAME[:key=value,...]</c>). Steps are optimizer updates, counted from 0 (see <see cref="Schedule"/>).
/// Names: <c>constant</c> (the optimizer's fixed rate), <c>step</c> (<see cref="Schedules.StepDecay"/>,
/// keys <c>every</c>, required, and <c>gamma</c>, default 0.1), <c>exponential</c>
/// (<see cref="Schedules.Exponential"/>, key <c>gamma</c>, required) and <c>cosine</c>
/// (<see cref="Schedules.CosineAnnealing"/>, keys <c>t_max</c> and <c>eta_min</c>, default 0). Every
/// schedule also takes <c>warmup</c>: a linear warm-up from 0 over that many updates first
/// (<see cref="Schedules.LinearWarmup"/>).
/// </summary>
/// <param name="Name">constant, step, exponential or cosine.</param>
/// <param name="Every">step: updates between drops (≥ 1).</param>
/// <param name="Gamma">step, exponential: the factor per drop or per update (finite, ≥ 0).</param>
/// <param name="TMax">cosine: updates from the initial rate down to <paramref name="EtaMin"/> (≥ 1); null until
/// the host fills in the run's length (<see cref="WithDefaultLength"/>).</param>
/// <param name="EtaMin">cosine: the lowest rate (finite, ≥ 0); null for 0.</param>
/// <param name="Warmup">Updates of linear warm-up before the schedule starts its own count (≥ 1), or null.</param>
public sealed record ScheduleSpec(
    string Name,
    int? Every = null,
    double? Gamma = null,
    int? TMax = null,
    double? EtaMin = null,
    int? Warmup = null)
{
    /// <summary>The schedule names, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["constant", "step", "exponential", "cosine"];

    /// <summary>The constant schedule: the optimizer's fixed rate (what a run without a schedule does).</summary>
    public static ScheduleSpec Constant { get; } = new("constant");

    /// <summary>True for <c>constant</c> without warm-up: the optimizer is built exactly as without a schedule.</summary>
    public bool IsConstant => Name == "constant" && Warmup is null;

    /// <summary>
    /// Parses <c>NAME</c> or <c>NAME:KEY=VALUE,...</c>, e.g. <c>step:every=1000,gamma=0.5</c> (numbers in the
    /// invariant culture). Throws <see cref="FormatException"/> for an unknown name (listing the valid ones), a key
    /// given twice, an unknown or inapplicable key (listing the applicable ones), a malformed value, a value out
    /// of range (NaN, infinite, negative, a count below 1) or a missing required key, naming it.
    /// </summary>
    [Pure]
    public static ScheduleSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(':', 2);
        string name = Normalize(parts[0]);
        if (!Names.Contains(name))
        {
            throw new FormatException($"unknown schedule '{parts[0].Trim()}'; valid: {string.Join(", ", Names)}");
        }

        var spec = new ScheduleSpec(name);
        if (parts.Length == 2)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string pair in parts[1].Split(','))
            {
                string[] kv = pair.Split('=', 2);
                string key = Normalize(kv[0]);
                if (kv.Length != 2 || key.Length == 0)
                {
                    throw new FormatException($"expected KEY=VALUE, got '{pair.Trim()}'");
                }

                if (!seen.Add(key))
                {
                    throw new FormatException($"'{key}' is given twice; give each key once");
                }

                spec = spec.With(key, kv[1].Trim());
            }
        }

        if (name == "step" && spec.Every is null)
        {
            throw new FormatException("step needs every=N, the updates between drops (e.g. step:every=1000,gamma=0.5)");
        }

        if (name == "exponential" && spec.Gamma is null)
        {
            throw new FormatException("exponential needs gamma=X, the factor per update (e.g. exponential:gamma=0.9999)");
        }

        return spec;
    }

    /// <summary>Returns the keys a schedule takes, in the order <see cref="ToString"/> writes them.</summary>
    [Pure]
    public static IReadOnlyList<string> KeysOf(string name) => Normalize(name) switch
    {
        "constant" => ["warmup"],
        "step" => ["every", "gamma", "warmup"],
        "exponential" => ["gamma", "warmup"],
        "cosine" => ["t_max", "eta_min", "warmup"],
        _ => throw new ArgumentException($"unknown schedule '{name}'; valid: {string.Join(", ", Names)}", nameof(name)),
    };

    /// <summary>
    /// Returns this spec with a cosine schedule's unset <see cref="TMax"/> set so that it reaches its lowest rate
    /// at the end of a run of <paramref name="totalUpdates"/> updates (after any warm-up; at least 1); other
    /// specs are returned as they are.
    /// </summary>
    [Pure]
    public ScheduleSpec WithDefaultLength(long totalUpdates) =>
        Name == "cosine" && TMax is null
            ? this with { TMax = (int)Math.Clamp(totalUpdates - (Warmup ?? 0), 1, int.MaxValue) }
            : this;

    /// <summary>
    /// Returns the schedule starting from <paramref name="initial"/> (the optimizer's learning rate), or null for
    /// <see cref="IsConstant"/> (the optimizer keeps its fixed rate and stateless scaling). Throws
    /// <see cref="ArgumentException"/> for a cosine schedule whose <see cref="TMax"/> is unset or a value out of range.
    /// </summary>
    [Pure]
    public Schedule? Create(double initial)
    {
        if (IsConstant)
        {
            return null;
        }

        Schedule schedule = Name switch
        {
            "constant" => Schedules.Constant(initial),
            "step" => Schedules.StepDecay(initial, Every ?? throw new ArgumentException("step needs every"), Gamma ?? 0.1),
            "exponential" => Schedules.Exponential(initial, Gamma ?? throw new ArgumentException("exponential needs gamma")),
            "cosine" => Schedules.CosineAnnealing(initial, TMax ?? throw new ArgumentException("cosine needs t_max (the host sets it to the run's length)"), EtaMin ?? 0.0),
            _ => throw new ArgumentException($"unknown schedule '{Name}'; valid: {string.Join(", ", Names)}"),
        };
        return Warmup is int warmup ? Schedules.LinearWarmup(warmup, schedule) : schedule;
    }

    /// <summary>Returns the text <see cref="Parse"/> reads back: the name, then every set key in <see cref="KeysOf"/> order.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Name);
        char separator = ':';
        foreach (var (key, value) in Values())
        {
            if (value is not null)
            {
                text.Append(separator).Append(key).Append('=').Append(value);
                separator = ',';
            }
        }

        return text.ToString();
    }

    private IEnumerable<(string Key, string? Value)> Values()
    {
        yield return ("every", Every?.ToString(CultureInfo.InvariantCulture));
        yield return ("gamma", Gamma is double g ? Arguments.Format(g) : null);
        yield return ("t_max", TMax?.ToString(CultureInfo.InvariantCulture));
        yield return ("eta_min", EtaMin is double e ? Arguments.Format(e) : null);
        yield return ("warmup", Warmup?.ToString(CultureInfo.InvariantCulture));
    }

    private ScheduleSpec With(string key, string raw)
    {
        var keys = KeysOf(Name);
        if (!keys.Contains(key))
        {
            throw new FormatException($"unknown key '{key}' for {Name}; {Name} takes: {string.Join(", ", keys)}");
        }

        return key switch
        {
            "every" => this with { Every = Count(key, raw) },
            "t_max" => this with { TMax = Count(key, raw) },
            "warmup" => this with { Warmup = Count(key, raw) },
            "gamma" => this with { Gamma = NonNegative(key, raw) },
            "eta_min" => this with { EtaMin = NonNegative(key, raw) },
            _ => throw new InvalidOperationException($"key '{key}' is listed but not parsed"),
        };
    }

    private static int Count(string key, string raw)
    {
        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            throw new FormatException($"{key} must be a whole number, got '{raw}'");
        }

        return value >= 1 ? value : throw new FormatException($"{key} must be at least 1, got {value}");
    }

    private static double NonNegative(string key, string raw)
    {
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new FormatException($"{key} must be a number, got '{raw}'");
        }

        return value >= 0.0 && double.IsFinite(value)
            ? value
            : throw new FormatException($"{key} must be a finite number >= 0, got {Arguments.Format(value)}");
    }

    private static string Normalize(string name) => name.Trim().ToLowerInvariant().Replace('-', '_');
}
