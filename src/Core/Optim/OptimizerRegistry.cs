using System.Collections.Immutable;

namespace Functional.Core.Optim;

/// <summary>One registered optimizer: its name, PyTorch default learning rate, the options it takes and how to build it.</summary>
/// <param name="Name">The registry name.</param>
/// <param name="DefaultLearningRate">The learning rate used when the spec gives none.</param>
/// <param name="Options">The option keys (as <see cref="OptimizerSpec.Parse"/> reads them) that apply.</param>
/// <param name="Build">Builds the optimizer from a validated spec and a learning-rate transformation.</param>
internal sealed record OptimizerEntry(
    string Name,
    double DefaultLearningRate,
    ImmutableArray<string> Options,
    Func<OptimizerSpec, RateSetting, GradientTransformation> Build);

/// <summary>The learning rate an optimizer is built with: a constant or a schedule.</summary>
/// <param name="Constant">The rate when <paramref name="Schedule"/> is null.</param>
/// <param name="Schedule">The schedule, or null for a constant rate.</param>
internal sealed record RateSetting(double Constant, Schedule? Schedule)
{
    /// <summary>The final scaling transform, −rate (stateless when constant).</summary>
    public GradientTransformation Transform() =>
        Schedule is null ? Optim.Transform.ScaleByLearningRate(Constant) : Optim.Transform.ScaleByLearningRate(Schedule);
}

/// <summary>
/// The optimizers the CLI can build by name. Names and defaults follow <c>torch.optim</c>; "momentum" and
/// "nesterov" are SGD with momentum 0.9 (plain and Nesterov), "amsgrad" is Adam with amsgrad.
/// </summary>
internal static class OptimizerRegistry
{
    private static readonly ImmutableArray<string> Clipping = ["clip_norm", "clip_value"];

    /// <summary>The registered optimizers, in the order their names are listed.</summary>
    internal static ImmutableArray<OptimizerEntry> Entries { get; } =
    [
        new("sgd", Optimizer.DefaultSgdLearningRate, Keys("lr", "momentum", "dampening", "weight_decay"),
            (s, lr) => Optimizer.Sgd(lr.Transform(), s.Momentum ?? 0.0, s.Dampening ?? 0.0, nesterov: false, s.WeightDecay ?? 0.0)),
        new("momentum", Optimizer.DefaultSgdLearningRate, Keys("lr", "momentum", "dampening", "weight_decay"),
            (s, lr) => Optimizer.Sgd(lr.Transform(), s.Momentum ?? 0.9, s.Dampening ?? 0.0, nesterov: false, s.WeightDecay ?? 0.0)),
        new("nesterov", Optimizer.DefaultSgdLearningRate, Keys("lr", "momentum", "weight_decay"),
            (s, lr) => Optimizer.Sgd(lr.Transform(), s.Momentum ?? 0.9, 0.0, nesterov: true, s.WeightDecay ?? 0.0)),
        new("adam", 1e-3, Keys("lr", "beta1", "beta2", "eps", "weight_decay"),
            (s, lr) => Optimizer.Adam(lr.Transform(), s.Beta1 ?? 0.9, s.Beta2 ?? 0.999, s.Eps ?? 1e-8, s.WeightDecay ?? 0.0, amsgrad: false)),
        new("amsgrad", 1e-3, Keys("lr", "beta1", "beta2", "eps", "weight_decay"),
            (s, lr) => Optimizer.Adam(lr.Transform(), s.Beta1 ?? 0.9, s.Beta2 ?? 0.999, s.Eps ?? 1e-8, s.WeightDecay ?? 0.0, amsgrad: true)),
        new("adamw", 1e-3, Keys("lr", "beta1", "beta2", "eps", "weight_decay"),
            (s, lr) => Optimizer.AdamW(lr.Transform(), s.Beta1 ?? 0.9, s.Beta2 ?? 0.999, s.Eps ?? 1e-8, s.WeightDecay ?? 0.01, amsgrad: false)),
        new("rmsprop", 0.01, Keys("lr", "alpha", "eps", "weight_decay", "momentum", "centered"),
            (s, lr) => Optimizer.RmsProp(lr.Transform(), s.Alpha ?? 0.99, s.Eps ?? 1e-8, s.WeightDecay ?? 0.0, s.Momentum ?? 0.0, s.Centered ?? false)),
        new("adagrad", 0.01, Keys("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"),
            (s, lr) => BuildAdagrad(s, lr)),
    ];

    /// <summary>The registered names, in order.</summary>
    internal static ImmutableArray<string> Names { get; } = [.. Entries.Select(e => e.Name)];

    /// <summary>Returns the entry for a (normalised) name, or null.</summary>
    internal static OptimizerEntry? Find(string name) => Entries.FirstOrDefault(e => e.Name == name);

    /// <summary>Lower-cases, trims and maps '-' to '_' so "AdamW" and " adamw " both find "adamw".</summary>
    internal static string Normalize(string name) => name.Trim().ToLowerInvariant().Replace('-', '_');

    private static GradientTransformation BuildAdagrad(OptimizerSpec s, RateSetting lr)
    {
        double decay = s.LrDecay ?? 0.0;
        Arguments.NonNegativeFinite(decay, "lr_decay");
        GradientTransformation rate;
        if (decay == 0.0)
        {
            rate = lr.Transform();
        }
        else if (lr.Schedule is null)
        {
            rate = Transform.ScaleByLearningRate(Schedules.InverseTimeDecay(lr.Constant, decay));
        }
        else
        {
            var schedule = lr.Schedule;
            rate = Transform.ScaleByLearningRate(step => schedule(step) / (1.0 + step * decay));
        }

        return Optimizer.Adagrad(rate, s.WeightDecay ?? 0.0, s.InitialAccumulatorValue ?? 0.0, s.Eps ?? 1e-10);
    }

    private static ImmutableArray<string> Keys(params string[] keys) => [.. keys, .. Clipping];
}
