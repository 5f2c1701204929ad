using System.CommandLine;
using System.Globalization;
using Functional.Core.Optim;

namespace Functional.Cli;

/// <summary>The optimizer a run uses: the spec as given (for logs and checkpoints) and its transformation.</summary>
internal sealed record OptimizerChoice(OptimizerSpec Spec)
{
    public GradientTransformation Create() => Spec.Create();
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

    /// <summary>The options, for checks that treat them together (--resume rejects them all).</summary>
    public IEnumerable<Option> All => [name, momentum, weightDecay];

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

        return new OptimizerChoice(spec);
    }

    private static Option LrOption(ParseResult parse) =>
        parse.CommandResult.Command.Options.First(o => o.Name == "--lr");
}
