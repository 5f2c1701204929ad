using System.Collections.Immutable;

namespace Functional.Core.Optim;

// The SGD family: torch.optim.SGD plain, with momentum 0.9, and with Nesterov momentum 0.9.
public abstract partial record OptimizerSpec
{
    /// <summary>
    /// <c>sgd</c>, PyTorch's <c>torch.optim.SGD</c>: g ← g + λθ (when λ ≠ 0); with momentum μ ≠ 0, b ← g on
    /// the first update and b ← μ b + (1 − τ) g after, then g ← g + μ b (Nesterov) or g ← b; θ ← θ − γ g.
    /// Default learning rate <see cref="Optimizer.DefaultSgdLearningRate"/>.
    /// </summary>
    /// <param name="Momentum">μ, ≥ 0; null for 0.</param>
    /// <param name="Dampening">τ, ≥ 0; null for 0.</param>
    /// <param name="WeightDecay">λ, the coupled L2 penalty, ≥ 0; null for 0.</param>
    /// <param name="Nesterov">Nesterov momentum (needs μ &gt; 0 and τ = 0); null for false.</param>
    public sealed record Sgd(double? Momentum = null, double? Dampening = null, double? WeightDecay = null, bool? Nesterov = null) : OptimizerSpec
    {
        private static readonly ImmutableArray<SpecOption> Own =
        [
            Number<Sgd>("momentum", s => s.Momentum, (s, v) => s with { Momentum = v }),
            Number<Sgd>("dampening", s => s.Dampening, (s, v) => s with { Dampening = v }),
            Flag<Sgd>("nesterov", s => s.Nesterov, (s, v) => s with { Nesterov = v }),
            Number<Sgd>("weight_decay", s => s.WeightDecay, (s, v) => s with { WeightDecay = v }),
        ];

        /// <inheritdoc/>
        public override string Name => "sgd";

        /// <inheritdoc/>
        public override double DefaultLearningRate => Optimizer.DefaultSgdLearningRate;

        private protected override ImmutableArray<SpecOption> Options => Own;

        private protected override GradientTransformation Build(Schedule? schedule) =>
            SgdChain(Rate(schedule), Momentum ?? 0.0, Dampening ?? 0.0, Nesterov ?? false, WeightDecay ?? 0.0);
    }

    /// <summary><c>momentum</c>: <see cref="Sgd"/> with momentum μ = 0.9 unless given.</summary>
    /// <param name="Momentum">μ, ≥ 0; null for 0.9.</param>
    /// <param name="Dampening">τ, ≥ 0; null for 0.</param>
    /// <param name="WeightDecay">λ, the coupled L2 penalty, ≥ 0; null for 0.</param>
    public sealed record MomentumSgd(double? Momentum = null, double? Dampening = null, double? WeightDecay = null) : OptimizerSpec
    {
        private static readonly ImmutableArray<SpecOption> Own =
        [
            Number<MomentumSgd>("momentum", s => s.Momentum, (s, v) => s with { Momentum = v }),
            Number<MomentumSgd>("dampening", s => s.Dampening, (s, v) => s with { Dampening = v }),
            Number<MomentumSgd>("weight_decay", s => s.WeightDecay, (s, v) => s with { WeightDecay = v }),
        ];

        /// <inheritdoc/>
        public override string Name => "momentum";

        /// <inheritdoc/>
        public override double DefaultLearningRate => Optimizer.DefaultSgdLearningRate;

        private protected override ImmutableArray<SpecOption> Options => Own;

        private protected override GradientTransformation Build(Schedule? schedule) =>
            SgdChain(Rate(schedule), Momentum ?? 0.9, Dampening ?? 0.0, nesterov: false, WeightDecay ?? 0.0);
    }

    /// <summary>
    /// <c>nesterov</c>: <see cref="Sgd"/> with Nesterov momentum, g ← g + μ b, μ = 0.9 unless given (no
    /// dampening: Nesterov momentum needs τ = 0).
    /// </summary>
    /// <param name="Momentum">μ, &gt; 0; null for 0.9.</param>
    /// <param name="WeightDecay">λ, the coupled L2 penalty, ≥ 0; null for 0.</param>
    public sealed record NesterovSgd(double? Momentum = null, double? WeightDecay = null) : OptimizerSpec
    {
        private static readonly ImmutableArray<SpecOption> Own =
        [
            Number<NesterovSgd>("momentum", s => s.Momentum, (s, v) => s with { Momentum = v }),
            Number<NesterovSgd>("weight_decay", s => s.WeightDecay, (s, v) => s with { WeightDecay = v }),
        ];

        /// <inheritdoc/>
        public override string Name => "nesterov";

        /// <inheritdoc/>
        public override double DefaultLearningRate => Optimizer.DefaultSgdLearningRate;

        private protected override ImmutableArray<SpecOption> Options => Own;

        private protected override GradientTransformation Build(Schedule? schedule) =>
            SgdChain(Rate(schedule), Momentum ?? 0.9, 0.0, nesterov: true, WeightDecay ?? 0.0);
    }

    /// <summary>The SGD chain: [weight decay], [momentum], the learning rate.</summary>
    private static GradientTransformation SgdChain(
        GradientTransformation learningRate, double momentum, double dampening, bool nesterov, double weightDecay)
    {
        Arguments.NonNegativeFinite(momentum, nameof(momentum));
        Arguments.NonNegativeFinite(weightDecay, nameof(weightDecay));
        var parts = new List<GradientTransformation>(3);
        // PyTorch skips the decay term when λ = 0 and the buffer when μ = 0; so do we.
        if (weightDecay != 0.0)
        {
            parts.Add(Transform.AddDecayedWeights(weightDecay));
        }

        if (momentum != 0.0 || nesterov)
        {
            parts.Add(Transform.Momentum(momentum, dampening, nesterov));
        }
        else
        {
            Arguments.NonNegativeFinite(dampening, nameof(dampening));
        }

        parts.Add(learningRate);
        return Transform.Chain([.. parts]);
    }
}
