using System.CommandLine;
using System.Globalization;
using Functional.Core.Optim;
using Functional.Core.Training;

namespace Functional.Cli;

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
    public void DescribeDefaults(OptimizerSpec defaults)
    {
        name.Description += $" Default: {defaults.Name}.";
        if (defaults.OptionText("weight_decay") is { } decay)
        {
            weightDecay.Description += $" Default: {decay}.";
        }
    }

    public void AddTo(Command command)
    {
        command.Options.Add(name);
        command.Options.Add(momentum);
        command.Options.Add(weightDecay);
        command.Options.Add(schedule);
    }

    /// <summary>
    /// Reads the optimizer: --optimizer (default: the command's, <paramref name="defaults"/>), its learning rate from
    /// <paramref name="lr"/>, else an lr= key of --optimizer, else the command's rate; --momentum and --weight-decay
    /// override the same keys. Returns the spec, checked by Core, and the --schedule (null for the fixed rate).
    /// Throws <see cref="UsageException"/> naming the option.
    /// </summary>
    public (OptimizerSpec Spec, ScheduleSpec? Schedule) Read(ParseResult parse, Option<double?> lr, OptimizerSpec defaults)
    {
        string? given = parse.GetValue(name);
        var spec = given is null ? defaults : Parse(() => OptimizerSpec.Parse(given), $"--optimizer {given}");
        double? rate = parse.GetValue(lr) is double r ? OptionParsers.Rule<double>(RunRules.LearningRate, r, "--lr") : null;
        spec = spec with { LearningRate = rate ?? spec.LearningRate ?? defaults.LearningRate };
        if (parse.GetValue(momentum) is double mu)
        {
            spec = Parse(() => spec.With("momentum", mu), $"--momentum {Text(mu)}");
        }

        if (parse.GetValue(weightDecay) is double decay)
        {
            spec = Parse(() => spec.With("weight_decay", decay), $"--weight-decay {Text(decay)}");
        }

        try
        {
            spec.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--optimizer {spec}: {Arguments.Describe(e)}");
        }

        return (spec, ReadSchedule(parse.GetValue(schedule)));
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

    private static T Parse<T>(Func<T> parse, string option)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new UsageException($"{option}: {e.Message}");
        }
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
