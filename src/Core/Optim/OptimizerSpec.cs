using System.Diagnostics.Contracts;
using System.Globalization;
using System.Text;

namespace Functional.Core.Optim;

/// <summary>
/// An optimizer chosen by name with optional hyperparameters, as the CLI gives it. Unset (null) options
/// take the optimizer's PyTorch default. Names: sgd, momentum (SGD with momentum 0.9), nesterov (SGD with
/// Nesterov momentum 0.9), adam, amsgrad, adamw, rmsprop, adagrad. Every optimizer also takes
/// <see cref="ClipNorm"/> and <see cref="ClipValue"/>, which clip the raw gradients first.
/// </summary>
/// <param name="Name">The registry name (case-insensitive).</param>
/// <param name="LearningRate">γ, &gt; 0 and finite; null for the optimizer's default (<see cref="DefaultLearningRate"/>).</param>
/// <param name="Momentum">μ (sgd, momentum, nesterov, rmsprop).</param>
/// <param name="Dampening">τ (sgd, momentum).</param>
/// <param name="WeightDecay">λ: coupled L2 penalty, decoupled decay for adamw (all).</param>
/// <param name="Beta1">β1 (adam, amsgrad, adamw).</param>
/// <param name="Beta2">β2 (adam, amsgrad, adamw).</param>
/// <param name="Eps">ε (adam, amsgrad, adamw, rmsprop, adagrad).</param>
/// <param name="Alpha">α, RMSprop's smoothing constant.</param>
/// <param name="Centered">Whether RMSprop centres the second moment.</param>
/// <param name="LrDecay">η, Adagrad's learning-rate decay.</param>
/// <param name="InitialAccumulatorValue">Adagrad's starting sum of squares.</param>
/// <param name="ClipNorm">Clip gradients to this global 2-norm first (all).</param>
/// <param name="ClipValue">Clip every gradient entry to ±this first (all).</param>
public sealed record OptimizerSpec(
    string Name,
    double? LearningRate = null,
    double? Momentum = null,
    double? Dampening = null,
    double? WeightDecay = null,
    double? Beta1 = null,
    double? Beta2 = null,
    double? Eps = null,
    double? Alpha = null,
    bool? Centered = null,
    double? LrDecay = null,
    double? InitialAccumulatorValue = null,
    double? ClipNorm = null,
    double? ClipValue = null)
{
    /// <summary>The registered optimizer names, in order.</summary>
    public static IReadOnlyList<string> Names => OptimizerRegistry.Names;

    /// <summary>The option keys <see cref="Parse"/> reads, in the order <see cref="ToString"/> writes them.</summary>
    public static IReadOnlyList<string> OptionKeys { get; } =
    [
        "lr", "momentum", "dampening", "weight_decay", "beta1", "beta2", "eps", "alpha", "centered", "lr_decay",
        "initial_accumulator_value", "clip_norm", "clip_value",
    ];

    /// <summary>The learning rate used: <see cref="LearningRate"/> or the optimizer's default.</summary>
    public double EffectiveLearningRate => LearningRate ?? DefaultLearningRate(Name);

    /// <summary>
    /// Returns PyTorch's default learning rate for a registered name (1e-3 for adam, amsgrad and adamw,
    /// 0.01 for rmsprop and adagrad, <see cref="Optimizer.DefaultSgdLearningRate"/> for the SGD family).
    /// Throws <see cref="ArgumentException"/> listing the valid names for an unknown one.
    /// </summary>
    [Pure]
    public static double DefaultLearningRate(string name) => Entry(name).DefaultLearningRate;

    /// <summary>
    /// Parses <c>NAME</c> or <c>NAME:KEY=VALUE,KEY=VALUE...</c>, e.g. <c>adamw:lr=3e-4,weight_decay=0.1</c>
    /// (keys: <see cref="OptionKeys"/>; numbers in invariant culture; centered takes true/false), and
    /// validates the result as <see cref="Validate"/> does. Throws <see cref="FormatException"/> for an
    /// unknown name (listing the valid names), an unknown or inapplicable key (listing the applicable
    /// ones), a malformed value, or a value that fails validation (naming it).
    /// </summary>
    [Pure]
    public static OptimizerSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(':', 2);
        string name = OptimizerRegistry.Normalize(parts[0]);
        if (OptimizerRegistry.Find(name) is null)
        {
            throw new FormatException($"unknown optimizer '{parts[0].Trim()}'; valid: {string.Join(", ", Names)}");
        }

        var spec = new OptimizerSpec(name);
        if (parts.Length == 2)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string pair in parts[1].Split(','))
            {
                string key = OptimizerRegistry.Normalize(pair.Split('=', 2)[0]);
                if (key.Length > 0 && !seen.Add(key))
                {
                    throw new FormatException($"optimizer '{text.Trim()}': '{key}' is given twice; give each option once");
                }

                spec = spec.WithOption(pair, text);
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
    /// Checks the spec: a registered name, only options that apply to it, a learning rate &gt; 0 and finite,
    /// and hyperparameters the factories accept (PyTorch's ranges). Throws <see cref="ArgumentException"/>
    /// with a message naming the valid names, the applicable options or the offending value.
    /// </summary>
    public void Validate() => _ = Create();

    /// <summary>
    /// Builds the optimizer: [clip by value], [clip by global norm], then the named optimizer with the
    /// learning rate <see cref="EffectiveLearningRate"/>, or with <paramref name="learningRate"/> when a
    /// schedule is given (the schedule replaces the fixed rate). Throws as <see cref="Validate"/>.
    /// </summary>
    [Pure]
    public GradientTransformation Create(Schedule? learningRate = null)
    {
        var entry = Entry(Name);
        foreach (var (key, isSet) in Settings())
        {
            if (isSet && !entry.Options.Contains(key))
            {
                throw new ArgumentException($"option '{key}' does not apply to {entry.Name}; {entry.Name} takes: {string.Join(", ", entry.Options)}");
            }
        }

        double rate = LearningRate ?? entry.DefaultLearningRate;
        if (!(rate > 0.0) || !double.IsFinite(rate))
        {
            throw new ArgumentOutOfRangeException(
                nameof(LearningRate), rate, $"the learning rate must be a finite number > 0, got {Arguments.Format(rate)}");
        }

        var optimizer = entry.Build(this, new RateSetting(rate, learningRate));
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

    /// <summary>Returns the text <see cref="Parse"/> reads back: the name, then every set option in <see cref="OptionKeys"/> order.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(OptimizerRegistry.Normalize(Name));
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

    private static OptimizerEntry Entry(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return OptimizerRegistry.Find(OptimizerRegistry.Normalize(name))
            ?? throw new ArgumentException($"unknown optimizer '{name}'; valid: {string.Join(", ", OptimizerRegistry.Names)}", nameof(name));
    }

    private IEnumerable<(string Key, bool IsSet)> Settings() => Values().Select(v => (v.Key, v.Value is not null));

    private IEnumerable<(string Key, string? Value)> Values()
    {
        yield return ("lr", Text(LearningRate));
        yield return ("momentum", Text(Momentum));
        yield return ("dampening", Text(Dampening));
        yield return ("weight_decay", Text(WeightDecay));
        yield return ("beta1", Text(Beta1));
        yield return ("beta2", Text(Beta2));
        yield return ("eps", Text(Eps));
        yield return ("alpha", Text(Alpha));
        yield return ("centered", Centered is bool c ? (c ? "true" : "false") : null);
        yield return ("lr_decay", Text(LrDecay));
        yield return ("initial_accumulator_value", Text(InitialAccumulatorValue));
        yield return ("clip_norm", Text(ClipNorm));
        yield return ("clip_value", Text(ClipValue));
    }

    private static string? Text(double? value) => value is double v ? Arguments.Format(v) : null;

    private OptimizerSpec WithOption(string pair, string text)
    {
        string[] kv = pair.Split('=', 2);
        string key = OptimizerRegistry.Normalize(kv[0]);
        var entry = Entry(Name);
        if (kv.Length != 2 || key.Length == 0)
        {
            throw new FormatException($"optimizer '{text.Trim()}': expected KEY=VALUE, got '{pair.Trim()}'");
        }

        if (!entry.Options.Contains(key))
        {
            throw new FormatException($"optimizer '{text.Trim()}': unknown option '{key}' for {entry.Name}; {entry.Name} takes: {string.Join(", ", entry.Options)}");
        }

        string raw = kv[1].Trim();
        if (key == "centered")
        {
            return raw.ToLowerInvariant() switch
            {
                "true" or "1" => this with { Centered = true },
                "false" or "0" => this with { Centered = false },
                _ => throw new FormatException($"optimizer '{text.Trim()}': centered must be true or false, got '{raw}'"),
            };
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new FormatException($"optimizer '{text.Trim()}': {key} must be a number, got '{raw}'");
        }

        return key switch
        {
            "lr" => this with { LearningRate = value },
            "momentum" => this with { Momentum = value },
            "dampening" => this with { Dampening = value },
            "weight_decay" => this with { WeightDecay = value },
            "beta1" => this with { Beta1 = value },
            "beta2" => this with { Beta2 = value },
            "eps" => this with { Eps = value },
            "alpha" => this with { Alpha = value },
            "lr_decay" => this with { LrDecay = value },
            "initial_accumulator_value" => this with { InitialAccumulatorValue = value },
            "clip_norm" => this with { ClipNorm = value },
            "clip_value" => this with { ClipValue = value },
            _ => throw new InvalidOperationException($"option '{key}' is registered but not parsed"),
        };
    }
}
