using System.Collections.Immutable;

namespace Functional.Core.Optim;

// The Adam family: torch.optim.Adam, Adam with amsgrad, and torch.optim.AdamW.
public abstract partial record OptimizerSpec
{
    /// <summary>
    /// <c>adam</c>, PyTorch's <c>torch.optim.Adam</c>: g ← g + λθ (coupled L2, when λ ≠ 0), then
    /// θ ← θ − γ m̂ / (√v̂ + ε) with the moments of <see cref="Transform.ScaleByAdam"/>; with amsgrad the
    /// denominator uses the running maximum of v (<see cref="Transform.ScaleByAmsgrad"/>). Default learning rate 1e-3.
    /// </summary>
    /// <param name="WeightDecay">λ, the coupled L2 penalty, ≥ 0; null for 0.</param>
    /// <param name="Beta1">β1 in [0, 1); null for 0.9.</param>
    /// <param name="Beta2">β2 in [0, 1); null for 0.999.</param>
    /// <param name="Eps">ε, ≥ 0; null for 1e-8.</param>
    /// <param name="Amsgrad">Whether to use AMSGrad; null for false.</param>
    public sealed record Adam(double? WeightDecay = null, double? Beta1 = null, double? Beta2 = null, double? Eps = null, bool? Amsgrad = null) : OptimizerSpec
    {
        private static readonly ImmutableArray<SpecOption> Own =
        [
            Number<Adam>("weight_decay", s => s.WeightDecay, (s, v) => s with { WeightDecay = v }),
            Number<Adam>("beta1", s => s.Beta1, (s, v) => s with { Beta1 = v }),
            Number<Adam>("beta2", s => s.Beta2, (s, v) => s with { Beta2 = v }),
            Number<Adam>("eps", s => s.Eps, (s, v) => s with { Eps = v }),
            Flag<Adam>("amsgrad", s => s.Amsgrad, (s, v) => s with { Amsgrad = v }),
        ];

        /// <inheritdoc/>
        public override string Name => "adam";

        /// <inheritdoc/>
        public override double DefaultLearningRate => 1e-3;

        private protected override ImmutableArray<SpecOption> Options => Own;

        private protected override GradientTransformation Build(Schedule? schedule) =>
            AdamChain(Rate(schedule), Beta1, Beta2, Eps, WeightDecay ?? 0.0, Amsgrad ?? false);
    }

    /// <summary><c>amsgrad</c>: <see cref="Adam"/> with AMSGrad's running maximum of v. Default learning rate 1e-3.</summary>
    /// <param name="WeightDecay">λ, the coupled L2 penalty, ≥ 0; null for 0.</param>
    /// <param name="Beta1">β1 in [0, 1); null for 0.9.</param>
    /// <param name="Beta2">β2 in [0, 1); null for 0.999.</param>
    /// <param name="Eps">ε, ≥ 0; null for 1e-8.</param>
    public sealed record AmsgradAdam(double? WeightDecay = null, double? Beta1 = null, double? Beta2 = null, double? Eps = null) : OptimizerSpec
    {
        private static readonly ImmutableArray<SpecOption> Own =
        [
            Number<AmsgradAdam>("weight_decay", s => s.WeightDecay, (s, v) => s with { WeightDecay = v }),
            Number<AmsgradAdam>("beta1", s => s.Beta1, (s, v) => s with { Beta1 = v }),
            Number<AmsgradAdam>("beta2", s => s.Beta2, (s, v) => s with { Beta2 = v }),
            Number<AmsgradAdam>("eps", s => s.Eps, (s, v) => s with { Eps = v }),
        ];

        /// <inheritdoc/>
        public override string Name => "amsgrad";

        /// <inheritdoc/>
        public override double DefaultLearningRate => 1e-3;

        private protected override ImmutableArray<SpecOption> Options => Own;

        private protected override GradientTransformation Build(Schedule? schedule) =>
            AdamChain(Rate(schedule), Beta1, Beta2, Eps, WeightDecay ?? 0.0, amsgrad: true);
    }

    /// <summary>
    /// <c>adamw</c>, PyTorch's <c>torch.optim.AdamW</c> (Loshchilov and Hutter 2019): θ ← θ − γλθ (decoupled
    /// decay, from the current parameters), then the Adam step on the undecayed gradient. Composed as Optax does:
    /// Adam scaling, then + λθ, then −γ, so the update is −γ(m̂ / (√v̂ + ε) + λθ); a schedule scales the decay
    /// too, as in PyTorch. Default learning rate 1e-3.
    /// </summary>
    /// <param name="WeightDecay">λ, the decoupled decay, ≥ 0; null for 0.01.</param>
    /// <param name="Beta1">β1 in [0, 1); null for 0.9.</param>
    /// <param name="Beta2">β2 in [0, 1); null for 0.999.</param>
    /// <param name="Eps">ε, ≥ 0; null for 1e-8.</param>
    /// <param name="Amsgrad">Whether to use AMSGrad; null for false.</param>
    public sealed record AdamW(double? WeightDecay = null, double? Beta1 = null, double? Beta2 = null, double? Eps = null, bool? Amsgrad = null) : OptimizerSpec
    {
        private static readonly ImmutableArray<SpecOption> Own =
        [
            Number<AdamW>("weight_decay", s => s.WeightDecay, (s, v) => s with { WeightDecay = v }),
            Number<AdamW>("beta1", s => s.Beta1, (s, v) => s with { Beta1 = v }),
            Number<AdamW>("beta2", s => s.Beta2, (s, v) => s with { Beta2 = v }),
            Number<AdamW>("eps", s => s.Eps, (s, v) => s with { Eps = v }),
            Flag<AdamW>("amsgrad", s => s.Amsgrad, (s, v) => s with { Amsgrad = v }),
        ];

        /// <inheritdoc/>
        public override string Name => "adamw";

        /// <inheritdoc/>
        public override double DefaultLearningRate => 1e-3;

        private protected override ImmutableArray<SpecOption> Options => Own;

        private protected override GradientTransformation Build(Schedule? schedule)
        {
            double weightDecay = WeightDecay ?? 0.01;
            var rate = Rate(schedule);
            Arguments.NonNegativeFinite(weightDecay, "weightDecay");
            var scaling = AdamScaling(Beta1, Beta2, Eps, Amsgrad ?? false);
            return weightDecay != 0.0
                ? Transform.Chain(scaling, Transform.AddDecayedWeights(weightDecay), rate)
                : Transform.Chain(scaling, rate);
        }
    }

    /// <summary>Adam's chain with coupled L2: [weight decay], Adam or AMSGrad scaling, the learning rate.</summary>
    private static GradientTransformation AdamChain(
        GradientTransformation learningRate, double? beta1, double? beta2, double? eps, double weightDecay, bool amsgrad)
    {
        Arguments.NonNegativeFinite(weightDecay, nameof(weightDecay));
        var scaling = AdamScaling(beta1, beta2, eps, amsgrad);
        return weightDecay != 0.0
            ? Transform.Chain(Transform.AddDecayedWeights(weightDecay), scaling, learningRate)
            : Transform.Chain(scaling, learningRate);
    }

    private static GradientTransformation AdamScaling(double? beta1, double? beta2, double? eps, bool amsgrad) =>
        amsgrad
            ? Transform.ScaleByAmsgrad(beta1 ?? 0.9, beta2 ?? 0.999, eps ?? 1e-8)
            : Transform.ScaleByAdam(beta1 ?? 0.9, beta2 ?? 0.999, eps ?? 1e-8);
}
