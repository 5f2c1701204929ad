using System.Collections.Immutable;
using Functional.Core.Model;
using Functional.Core.Optim;
using static Functional.Core.Engine.SubnormalArithmetic;

namespace Functional.Core.Engine;

/// <summary>
/// The kernel of a stateless transformation (identity, scaling, weight decay, clipping): an element-wise
/// map of the updates; the state record is handed back unchanged, as the pure Update does.
/// </summary>
internal sealed class StatelessKernel(TransformState state, Action<double[], double[]> apply) : UpdateKernel
{
    private TransformState state = state;

    internal static UpdateKernelFactory For(Action<double[], double[]> apply) =>
        (state, _) => new StatelessKernel(state, apply);

    internal override void UpdateInPlace(double[] updates, double[] parameters) => apply(updates, parameters);

    internal override TransformState ToState(ParameterTree template) => state;

    internal override void CopyStateInPlace(UpdateKernel other) => state = ((StatelessKernel)other).state;
}

/// <summary>The kernel of <see cref="Transform.Scale"/>: multiplies by a constant factor.</summary>
internal sealed class ScaleKernel(TransformState state, double factor) : UpdateKernel, IFactorKernel
{
    private TransformState state = state;

    internal static UpdateKernelFactory For(double factor) => (state, _) => new ScaleKernel(state, factor);

    public double NextFactorInPlace() => factor;

    internal override void UpdateInPlace(double[] updates, double[] parameters) => UpdateKernels.MultiplyInPlace(updates, factor);

    internal override TransformState ToState(ParameterTree template) => state;

    internal override void CopyStateInPlace(UpdateKernel other) => state = ((ScaleKernel)other).state;
}

/// <summary>The kernel of <see cref="Transform.AddDecayedWeights"/>: adds weightDecay · parameters.</summary>
internal sealed class DecayKernel(TransformState state, double weightDecay) : UpdateKernel
{
    private TransformState state = state;

    internal double WeightDecay => weightDecay;

    internal static UpdateKernelFactory For(double weightDecay) => (state, _) => new DecayKernel(state, weightDecay);

    internal override void UpdateInPlace(double[] updates, double[] parameters) => UpdateKernels.AddDecayedWeightsInPlace(updates, parameters, weightDecay);

    internal override TransformState ToState(ParameterTree template) => state;

    internal override void CopyStateInPlace(UpdateKernel other) => state = ((DecayKernel)other).state;
}

/// <summary>The kernel of <see cref="Transform.ScaleBySchedule"/>: multiplies by factor(count) and counts.</summary>
internal sealed class ScheduleKernel(Schedule factor, int count) : UpdateKernel, IFactorKernel
{
    private int count = count;

    internal static UpdateKernelFactory For(Schedule factor) =>
        (state, _) => state is ScaleByScheduleState s ? new ScheduleKernel(factor, s.Count) : null;

    public double NextFactorInPlace()
    {
        double value = factor(count);
        count = checked(count + 1);
        return value;
    }

    internal override void UpdateInPlace(double[] updates, double[] parameters) => UpdateKernels.MultiplyInPlace(updates, NextFactorInPlace());

    internal override TransformState ToState(ParameterTree template) => new ScaleByScheduleState(count);

    internal override void CopyStateInPlace(UpdateKernel other) => count = ((ScheduleKernel)other).count;
}

/// <summary>The kernel of <see cref="Transform.Momentum"/>: the buffer lives in an array the kernel owns.</summary>
internal sealed class MomentumKernel(double momentum, double dampening, bool nesterov, int count, double[] buffer) : UpdateKernel
{
    private readonly double[] buffer = buffer;
    private int count = count;

    internal static UpdateKernelFactory For(double momentum, double dampening, bool nesterov) =>
        (state, parameters) => state is MomentumState s && UpdateKernels.Flatten(s.Buffer, parameters) is { } b
            ? new MomentumKernel(momentum, dampening, nesterov, s.Count, b)
            : null;

    internal override void UpdateInPlace(double[] updates, double[] parameters)
    {
        bool first = count == 0;
        double keep = 1.0 - dampening;
        for (int i = 0; i < updates.Length; i++)
        {
            double g = updates[i], b0 = buffer[i];
            // A decaying buffer of a parameter without gradient turns subnormal: compute it without FPU assists.
            bool tiny = IsTiny(g) || IsTiny(b0);
            double b = first ? g : tiny ? Add(Multiply(momentum, b0), Multiply(keep, g)) : momentum * b0 + keep * g;
            buffer[i] = b;
            updates[i] = !nesterov ? b : tiny || IsTiny(b) ? Add(g, Multiply(momentum, b)) : g + momentum * b;
        }

        count = checked(count + 1);
    }

    internal override TransformState ToState(ParameterTree template) => new MomentumState(count, UpdateKernels.ToTree(buffer, template));

    internal override void CopyStateInPlace(UpdateKernel other)
    {
        var o = (MomentumKernel)other;
        count = o.count;
        Array.Copy(o.buffer, buffer, buffer.Length);
    }
}

/// <summary>The kernel of <see cref="Transform.Chain"/>: the parts' kernels, run in order.</summary>
internal sealed class ChainKernel(UpdateKernel[] parts) : UpdateKernel
{
    private readonly UpdateKernel[] parts = parts;

    /// <summary>Returns the kernel of a chain of <paramref name="transforms"/>: null unless every part has a kernel.</summary>
    internal static FusedKernel? Compose(ImmutableArray<GradientTransformation> transforms)
    {
        if (transforms.Any(t => t.Kernel is null))
        {
            return null;
        }

        var kernels = transforms.Select(t => t.Kernel!).ToImmutableArray();
        return new FusedKernel($"chain({string.Join(", ", kernels.Select(k => k.Name))})", (state, parameters) =>
        {
            if (state is not ChainState chain || chain.States.IsDefault || chain.States.Length != kernels.Length)
            {
                return null;
            }

            var parts = new UpdateKernel[kernels.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (kernels[i].Create(chain.States[i], parameters) is not { } part)
                {
                    return null;
                }

                parts[i] = part;
            }

            return new ChainKernel(parts);
        });
    }

    internal override void UpdateInPlace(double[] updates, double[] parameters)
    {
        foreach (var part in parts)
        {
            part.UpdateInPlace(updates, parameters);
        }
    }

    // Adam or AdamW: Adam's scaling, [decoupled weight decay], learning rate, fused into one pass.
    internal override bool UpdateAndApplyInPlace(double[] gradients, double[] parameters)
    {
        if (parts.Length is < 2 or > 3 || parts[0] is not AdamKernel adam || parts[^1] is not IFactorKernel rate)
        {
            return false;
        }

        double? decay = null;
        if (parts.Length == 3)
        {
            if (parts[1] is not DecayKernel d)
            {
                return false;
            }

            decay = d.WeightDecay;
        }

        adam.StepInPlace(gradients, parameters, decay, rate);
        return true;
    }

    internal override TransformState ToState(ParameterTree template)
    {
        var states = ImmutableArray.CreateBuilder<TransformState>(parts.Length);
        foreach (var part in parts)
        {
            states.Add(part.ToState(template));
        }

        return new ChainState(states.MoveToImmutable());
    }

    internal override void CopyStateInPlace(UpdateKernel other)
    {
        var o = (ChainKernel)other;
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i].CopyStateInPlace(o.parts[i]);
        }
    }
}
