using System.Collections.Immutable;

namespace Functional.Core.Optim;

// The adaptive optimizers without momentum estimates of their own: torch.optim.RMSprop and torch.optim.Adagrad.
public abstract partial record OptimizerSpec
{
    /// <summary>
    /// <c>rmsprop</c>, PyTorch's <c>torch.optim.RMSprop</c>: g ← g + λθ (when λ ≠ 0); v ← α v + (1 − α) g²;
    /// centred: g_ave ← α g_ave + (1 − α) g and ṽ = v − g_ave², else ṽ = v; with momentum μ &gt; 0,
    /// b ← μ b + g / (√ṽ + ε) and θ ← θ − γ b, else θ ← θ − γ g / (√ṽ + ε). Default learning rate 0.01.
    /// </summary>
    /// <param name="Momentum">μ, ≥ 0; null for 0.</param>
    /// <param name="WeightDecay">λ, the coupled L2 penalty, ≥ 0; null for 0.</param>
    /// <param name="Eps">ε, ≥ 0; null for 1e-8.</param>
    /// <param name="Alpha">α, the smoothing constant in [0, 1]; null for 0.99.</param>
    /// <param name="Centered">Whether to centre the second moment; null for false.</param>
    public sealed record RmsProp(double? Momentum = null, double? WeightDecay = null, double? Eps = null, double? Alpha = null, bool? Centered = null) : OptimizerSpec
    {
        private static readonly ImmutableArray<SpecOption> Own =
        [
            Number<RmsProp>("momentum", s => s.Momentum, (s, v) => s with { Momentum = v }),
            Number<RmsProp>("weight_decay", s => s.WeightDecay, (s, v) => s with { WeightDecay = v }),
            Number<RmsProp>("eps", s => s.Eps, (s, v) => s with { Eps = v }),
            Number<RmsProp>("alpha", s => s.Alpha, (s, v) => s with { Alpha = v }),
            Flag<RmsProp>("centered", s => s.Centered, (s, v) => s with { Centered = v }),
        ];

        /// <inheritdoc/>
        public override string Name => "rmsprop";

        /// <inheritdoc/>
        public override double DefaultLearningRate => 0.01;

        private protected override ImmutableArray<SpecOption> Options => Own;

        private protected override GradientTransformation Build(Schedule? schedule)
        {
            var rate = Rate(schedule);
            double weightDecay = WeightDecay ?? 0.0, momentum = Momentum ?? 0.0;
            Arguments.NonNegativeFinite(weightDecay, "weightDecay");
            Arguments.NonNegativeFinite(momentum, "momentum");
            var parts = new List<GradientTransformation>(4);
            if (weightDecay != 0.0)
            {
                parts.Add(Transform.AddDecayedWeights(weightDecay));
            }

            parts.Add(Transform.ScaleByRms(Alpha ?? 0.99, Eps ?? 1e-8, Centered ?? false));
            if (momentum != 0.0)
            {
                // PyTorch's RMSprop buffer starts at zero and has no dampening: b ← μ b + u, which on the first
                // update equals u, exactly what the SGD momentum transform does.
                parts.Add(Transform.Momentum(momentum));
            }

            parts.Add(rate);
            return Transform.Chain([.. parts]);
        }
    }

    /// <summary>
    /// <c>adagrad</c>, PyTorch's <c>torch.optim.Adagrad</c>: γ̃ = γ / (1 + (t − 1) η); g ← g + λθ (when λ ≠ 0);
    /// sum ← sum + g²; θ ← θ − γ̃ g / (√sum + ε), with sum starting at the initial accumulator value. With a
    /// schedule, γ is the schedule's value, still divided by 1 + k η. Default learning rate 0.01.
    /// </summary>
    /// <param name="WeightDecay">λ, the coupled L2 penalty, ≥ 0; null for 0.</param>
    /// <param name="Eps">ε, ≥ 0; null for 1e-10.</param>
    /// <param name="LrDecay">η, ≥ 0; null for 0.</param>
    /// <param name="InitialAccumulatorValue">The starting sum of squares, ≥ 0; null for 0.</param>
    public sealed record Adagrad(double? WeightDecay = null, double? Eps = null, double? LrDecay = null, double? InitialAccumulatorValue = null) : OptimizerSpec
    {
        private static readonly ImmutableArray<SpecOption> Own =
        [
            Number<Adagrad>("weight_decay", s => s.WeightDecay, (s, v) => s with { WeightDecay = v }),
            Number<Adagrad>("eps", s => s.Eps, (s, v) => s with { Eps = v }),
            Number<Adagrad>("lr_decay", s => s.LrDecay, (s, v) => s with { LrDecay = v }),
            Number<Adagrad>("initial_accumulator_value", s => s.InitialAccumulatorValue, (s, v) => s with { InitialAccumulatorValue = v }),
        ];

        /// <inheritdoc/>
        public override string Name => "adagrad";

        /// <inheritdoc/>
        public override double DefaultLearningRate => 0.01;

        private protected override ImmutableArray<SpecOption> Options => Own;

        private protected override GradientTransformation Build(Schedule? schedule)
        {
            double decay = LrDecay ?? 0.0;
            Arguments.NonNegativeFinite(decay, "lr_decay");
            GradientTransformation rate;
            if (decay == 0.0)
            {
                rate = Rate(schedule);
            }
            else if (schedule is null)
            {
                rate = Transform.ScaleByLearningRate(Schedules.InverseTimeDecay(EffectiveLearningRate, decay));
            }
            else
            {
                rate = Transform.ScaleByLearningRate(step => schedule(step) / (1.0 + step * decay));
            }

            double weightDecay = WeightDecay ?? 0.0;
            Arguments.NonNegativeFinite(weightDecay, "weightDecay");
            var scaling = Transform.ScaleByRss(InitialAccumulatorValue ?? 0.0, Eps ?? 1e-10);
            return weightDecay != 0.0
                ? Transform.Chain(Transform.AddDecayedWeights(weightDecay), scaling, rate)
                : Transform.Chain(scaling, rate);
        }
    }
}
