using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Text;

namespace Functional.Core.Optim;

/// <summary>
/// An optimizer as a value: its name and typed hyperparameters. It is the one description of an optimizer:
/// it builds the transformation (<see cref="Create(ScheduleSpec?)"/>), checkpoints and sweep grids store it (its text,
/// <see cref="ToString"/>, which <see cref="Parse"/> reads back) and the CLI parses into it. The hierarchy is
/// closed: one nested record per name (<see cref="Sgd"/>, <see cref="MomentumSgd"/>, <see cref="NesterovSgd"/>,
/// <see cref="Adam"/>, <see cref="AmsgradAdam"/>, <see cref="AdamW"/>, <see cref="RmsProp"/>, <see cref="Adagrad"/>).
/// A hyperparameter left null takes the optimizer's PyTorch default, so the text names only what was given.
/// Every optimizer also takes <see cref="ClipNorm"/> and <see cref="ClipValue"/>, which clip the raw gradients first.
/// </summary>
public abstract partial record OptimizerSpec
{
    // Closed: only the nested records derive.
    private OptimizerSpec()
    {
    }

    // The keys every optimizer takes; declared before Registered, whose option lists are read below.
    private static readonly SpecOption LearningRateOption =
        Number<OptimizerSpec>("lr", s => s.LearningRate, (s, v) => s with { LearningRate = v });

    private static readonly SpecOption ClipNormOption =
        Number<OptimizerSpec>("clip_norm", s => s.ClipNorm, (s, v) => s with { ClipNorm = v });

    private static readonly SpecOption ClipValueOption =
        Number<OptimizerSpec>("clip_value", s => s.ClipValue, (s, v) => s with { ClipValue = v });

    /// <summary>The registered optimizers unset (every hyperparameter at its default), in the order their names are listed.</summary>
    private static readonly ImmutableArray<OptimizerSpec> Registered =
        [new Sgd(), new MomentumSgd(), new NesterovSgd(), new Adam(), new AmsgradAdam(), new AdamW(), new RmsProp(), new Adagrad()];

    /// <summary>The name, as <see cref="Parse"/> reads it (e.g. <c>adam</c>).</summary>
    public abstract string Name { get; }

    /// <summary>PyTorch's default learning rate for this optimizer, used when <see cref="LearningRate"/> is null.</summary>
    public abstract double DefaultLearningRate { get; }

    /// <summary>γ, &gt; 0 and finite; null for <see cref="DefaultLearningRate"/>. The one place a run's rate is held.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Clip gradients to this global 2-norm before the optimizer; null for no clipping.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Clip every gradient entry to ±this before the optimizer; null for no clipping.</summary>
    public double? ClipValue { get; init; }

    /// <summary>The learning rate used: <see cref="LearningRate"/> or <see cref="DefaultLearningRate"/>.</summary>
    public double EffectiveLearningRate => LearningRate ?? DefaultLearningRate;

    /// <summary>The registered optimizer names, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Registered.Select(s => s.Name)];

    /// <summary>
    /// Every option key <see cref="Parse"/> reads: lr, then each optimizer's own keys in the order the optimizers
    /// are listed, then clip_norm and clip_value.
    /// </summary>
    public static IReadOnlyList<string> OptionKeys { get; } =
        [.. Registered.SelectMany(s => s.AllOptions.Select(o => o.Key)).Distinct().OrderBy(k => k is "clip_norm" or "clip_value")];

    /// <summary>The option keys this optimizer takes, in the order <see cref="ToString"/> writes them.</summary>
    public IReadOnlyList<string> Keys => [.. AllOptions.Select(o => o.Key)];

    /// <summary>
    /// Returns the registered optimizer called <paramref name="name"/> (case-insensitive) with every
    /// hyperparameter unset. Throws <see cref="ArgumentException"/> listing the valid names for an unknown one.
    /// </summary>
    [Pure]
    public static OptimizerSpec Named(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Find(name) ?? throw new ArgumentException($"unknown optimizer '{name.Trim()}'; valid: {string.Join(", ", Names)}", nameof(name));
    }

    /// <summary>
    /// Parses <c>NAME</c> or <c>NAME:KEY=VALUE,KEY=VALUE...</c>, e.g. <c>adamw:lr=3e-4,weight_decay=0.1</c>
    /// (keys: <see cref="OptionKeys"/>; numbers in invariant culture; centered takes true/false), and
    /// validates the result as <see cref="Validate"/> does. Returns the spec. Throws <see cref="FormatException"/>
    /// for an unknown name (listing the valid names), an unknown or inapplicable key (listing the applicable
    /// ones), a key given twice, a malformed value, or a value that fails validation (naming it).
    /// </summary>
    [Pure]
    public static OptimizerSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(':', 2);
        var spec = Find(parts[0]) ?? throw new FormatException($"unknown optimizer '{parts[0].Trim()}'; valid: {string.Join(", ", Names)}");
        if (parts.Length == 2)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string pair in parts[1].Split(','))
            {
                string[] kv = pair.Split('=', 2);
                string key = Normalize(kv[0]);
                if (kv.Length != 2 || key.Length == 0)
                {
                    throw new FormatException($"optimizer '{text.Trim()}': expected KEY=VALUE, got '{pair.Trim()}'");
                }

                if (!seen.Add(key))
                {
                    throw new FormatException($"optimizer '{text.Trim()}': '{key}' is given twice; give each option once");
                }

                var option = spec.AllOptions.FirstOrDefault(o => o.Key == key)
                    ?? throw new FormatException($"optimizer '{text.Trim()}': unknown option '{key}' for {spec.Name}; {spec.Name} takes: {string.Join(", ", spec.Keys)}");
                spec = option.Read(spec, kv[1].Trim(), text.Trim());
            }
        }

        try
        {
            spec.Validate();
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"optimizer '{text.Trim()}': {Arguments.Describe(e)}", e);
        }

        return spec;
    }

    /// <summary>
    /// Checks the spec: a learning rate &gt; 0 and finite, and hyperparameters the building blocks accept
    /// (PyTorch's ranges). Throws <see cref="ArgumentException"/> naming the offending value.
    /// </summary>
    public void Validate() => _ = Create();

    /// <summary>
    /// Builds the optimizer: [clip by value], [clip by global norm], then the named optimizer at
    /// <see cref="EffectiveLearningRate"/>, or following <paramref name="schedule"/> from that rate when one is
    /// given. Returns the transformation. Throws <see cref="ArgumentException"/> as <see cref="Validate"/>, and
    /// for a schedule that cannot start (a cosine schedule without its length).
    /// </summary>
    [Pure]
    public GradientTransformation Create(ScheduleSpec? schedule = null)
    {
        double rate = EffectiveLearningRate;
        try
        {
            Training.RunRules.LearningRate(rate);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // The spec's text may not show the rate (a default, or a host's option), so the message does.
            throw new ArgumentOutOfRangeException(nameof(LearningRate), rate, $"{Arguments.Describe(e)}, got {Arguments.Format(rate)}");
        }

        return Clipped(Build(schedule?.Create(rate)));
    }

    /// <summary>
    /// Builds the optimizer with the rate of update k given by <paramref name="learningRate"/>(k) in place of
    /// <see cref="LearningRate"/> (for the factories of <see cref="Optimizer"/> that take a <see cref="Schedule"/>).
    /// </summary>
    internal GradientTransformation Create(Schedule learningRate)
    {
        ArgumentNullException.ThrowIfNull(learningRate);
        return Clipped(Build(learningRate));
    }

    /// <summary>
    /// Returns this spec with the number-valued option <paramref name="key"/> (e.g. <c>momentum</c>) set to
    /// <paramref name="value"/>, unchecked until <see cref="Validate"/>. Throws <see cref="FormatException"/> when
    /// the optimizer takes no such number (listing the keys it takes).
    /// </summary>
    [Pure]
    public OptimizerSpec With(string key, double value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var option = AllOptions.FirstOrDefault(o => o.Key == Normalize(key) && o.Set is not null)
            ?? throw new FormatException($"{Name} takes no option '{Normalize(key)}'; {Name} takes: {string.Join(", ", Keys)}");
        return option.Set!(this, value);
    }

    /// <summary>Returns the text of option <paramref name="key"/> as <see cref="ToString"/> writes it, or null when it is unset or not taken.</summary>
    [Pure]
    public string? OptionText(string key) => AllOptions.FirstOrDefault(o => o.Key == Normalize(key))?.Write(this);

    /// <summary>Returns the text <see cref="Parse"/> reads back: the name, then every set option in <see cref="OptionKeys"/> order.</summary>
    public sealed override string ToString()
    {
        var text = new StringBuilder(Name);
        char separator = ':';
        foreach (var option in AllOptions)
        {
            if (option.Write(this) is { } value)
            {
                text.Append(separator).Append(option.Key).Append('=').Append(value);
                separator = ',';
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The named optimizer's chain, ending in the learning rate: the fixed <see cref="EffectiveLearningRate"/>
    /// when <paramref name="schedule"/> is null, else the schedule.
    /// </summary>
    private protected abstract GradientTransformation Build(Schedule? schedule);

    /// <summary>The optimizer's own options (not lr, clip_norm or clip_value), in <see cref="OptionKeys"/> order.</summary>
    private protected abstract ImmutableArray<SpecOption> Options { get; }

    /// <summary>The final scaling, −rate: the fixed rate (stateless) or the schedule.</summary>
    private protected GradientTransformation Rate(Schedule? schedule) =>
        schedule is null ? Transform.ScaleByLearningRate(EffectiveLearningRate) : Transform.ScaleByLearningRate(schedule);

    private IEnumerable<SpecOption> AllOptions => [LearningRateOption, .. Options, ClipNormOption, ClipValueOption];

    private GradientTransformation Clipped(GradientTransformation optimizer)
    {
        var parts = new List<GradientTransformation>(3);
        if (ClipValue is double clipValue)
        {
            parts.Add(Transform.ClipByValue(clipValue));
        }

        if (ClipNorm is double clipNorm)
        {
            parts.Add(Transform.ClipByGlobalNorm(clipNorm));
        }

        if (parts.Count == 0)
        {
            return optimizer;
        }

        parts.Add(optimizer);
        return Transform.Chain([.. parts]);
    }

    private static OptimizerSpec? Find(string name) => Registered.FirstOrDefault(s => s.Name == Normalize(name));

    /// <summary>Lower-cases, trims and maps '-' to '_' so "AdamW" and " adamw " both find "adamw".</summary>
    private static string Normalize(string name) => name.Trim().ToLowerInvariant().Replace('-', '_');
}
