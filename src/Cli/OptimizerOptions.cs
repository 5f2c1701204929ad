using System.CommandLine;
using System.Globalization;
using Functional.Core.Optim;

namespace Functional.Cli;

/// <summary>
/// The optimizer a run uses: the spec as given (for logs and checkpoints), its learning-rate schedule (null for
/// the fixed rate) and their transformation.
/// </summary>
internal sealed record OptimizerChoice(OptimizerSpec Spec, ScheduleSpec? Schedule = null)
{
    /// <summary>
    /// The transformation. A cosine schedule without t_max waits for the run's length, which the data fixes:
    /// until <see cref="RunData"/> sets it, the fixed rate stands in.
    /// </summary>
    public GradientTransformation Create() =>
        Spec.Create(Schedule is { Name: "cosine", TMax: null } ? null : Schedule?.Create(Spec.EffectiveLearningRate));
}

/// <summary>
/// <c>--optimizer NAME[:key=value,...]</c> plus the common hyperparameters as their own options
/// (<c>--momentum</c>, <c>--weight-decay</c>), which override the same keys in the spec.
/// </summary>
internal sealed class OptimizerOptions
{
    private readonly Option<string?> name = new("--optimizer")
    {
        Description = "Optimizer: " + string.Join(", ", OptimizerSpec.Names) + "; options as NAME:key=value,... (keys: " + string.Join(", ", OptimizerSpec.OptionKeys) + ").",
    };

    private readonly Option<double?> momentum = NumericOptions.Double("--momentum", "Momentum (sgd, momentum, nesterov, rmsprop).");
    private readonly Option<double?> weightDecay = NumericOptions.Double("--weight-decay", "Weight decay (L2 penalty; decoupled for adamw).");

    private readonly Option<string?> schedule = new("--schedule")
    {
        Description = "Learning-rate schedule over the optimizer's updates (batches), starting from --lr: constant, step:every=N[,gamma=0.1], exponential:gamma=X, cosine[:t_max=N,eta_min=X] (t_max defaults to the run's updates); each also takes warmup=N (a linear rise from 0 first). Default: constant.",
    };

    /// <summary>The options, for checks that treat them together (--resume rejects them all).</summary>
    public IEnumerable<Option> All => [name, momentum, weightDecay, schedule];

    /// <summary>Adds a command's defaults to the options' help text.</summary>
    public void DescribeDefaults(string optimizer, double? defaultWeightDecay)
    {
        name.Description += $" Default: {optimizer}.";
        if (defaultWeightDecay is double decay)
        {
            weightDecay.Description += string.Create(System.Globalization.CultureInfo.InvariantCulture, $" Default: {decay}.");
        }
    }

    public void AddTo(Command command)
    {
        command.Options.Add(name);
        command.Options.Add(momentum);
        command.Options.Add(weightDecay);
        command.Options.Add(schedule);
    }

    public OptimizerChoice Read(ParseResult parse, string defaultName, double learningRate, double? defaultWeightDecay)
    {
        string? given = parse.GetValue(name);
        OptimizerSpec spec;
        try
        {
            spec = OptimizerSpec.Parse(given ?? defaultName);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new UsageException($"--optimizer {given}: {e.Message}");
        }

        // --lr always applies (the command's default when not given is the tutorial's rate); an lr= key in
        // the spec wins over the default but not over an explicit --lr.
        if (parse.GetResult(LrOption(parse)) is null && spec.LearningRate is not null)
        {
            learningRate = spec.LearningRate.Value;
        }

        if (!(learningRate > 0) || !double.IsFinite(learningRate))
        {
            throw new UsageException($"--lr {learningRate.ToString(CultureInfo.InvariantCulture)}: the learning rate must be a finite number > 0");
        }

        spec = spec with
        {
            LearningRate = learningRate,
            Momentum = parse.GetValue(momentum) ?? spec.Momentum,
            WeightDecay = parse.GetValue(weightDecay) ?? spec.WeightDecay ?? (given is null ? defaultWeightDecay : null),
        };

        try
        {
            spec.Validate();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new UsageException($"--optimizer {spec}: {e.Message}");
        }

        return new OptimizerChoice(spec, ReadSchedule(parse.GetValue(schedule)));
    }

    /// <summary>--schedule NAME[:key=value,...]; null for the fixed rate (constant without warm-up, or not given).</summary>
    private static ScheduleSpec? ReadSchedule(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            var spec = ScheduleSpec.Parse(text);
            return spec.IsConstant ? null : spec;
        }
        catch (FormatException e)
        {
            throw new UsageException($"--schedule {text}: {e.Message}");
        }
    }

    private static Option LrOption(ParseResult parse) =>
        parse.CommandResult.Command.Options.First(o => o.Name == "--lr");
}
