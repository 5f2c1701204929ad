using System.Runtime.CompilerServices;
using Functional.Core.Model;

namespace Functional.Core.Optim;

/// <summary>
/// The fast path of a <see cref="GradientTransformation"/>: its Update as an InPlace kernel over flat
/// buffers, holding its state in arrays it owns. The training fold creates one per run from the current
/// state, runs it on the gradient buffer of its workspace and turns it back into a fresh state record only
/// when one is asked for (design rules 6 and 12). The arithmetic is the pure Update's, element for element
/// and in the same order, so parameters and states come out bit for bit the same.
/// </summary>
internal abstract class UpdateKernel
{
    /// <summary>
    /// Turns <paramref name="updates"/> (on entry the incoming gradients or updates, segments as
    /// <see cref="ParameterStorage.Read"/> lays out a tree) into this transformation's updates, in place, and
    /// advances the state. <paramref name="parameters"/> (same layout) is only read.
    /// </summary>
    internal abstract void UpdateInPlace(double[][] updates, double[][] parameters);

    /// <summary>Returns the current state as a fresh record; its trees are shaped (and carry the activations) of <paramref name="template"/>.</summary>
    internal abstract TransformState ToState(Mlp template);

    /// <summary>Copies the state of <paramref name="other"/> (a kernel made by the same factory for the same shape) into this one.</summary>
    internal abstract void CopyFrom(UpdateKernel other);
}

/// <summary>
/// Makes a kernel loaded with <paramref name="state"/> for parameters shaped like <paramref name="parameters"/>,
/// or returns null when the state does not fit (the caller then uses the pure Update, which reports why).
/// </summary>
internal delegate UpdateKernel? UpdateKernelFactory(TransformState state, Mlp parameters);

/// <summary>
/// Which transformations have a kernel. Keyed by the Update delegate itself, so a transformation rebuilt
/// with another Update (a <c>with</c> expression, a hand-made record) never picks up a stale kernel.
/// </summary>
internal static class UpdateKernels
{
    private static readonly ConditionalWeakTable<UpdateFunction, UpdateKernelFactory> Factories = new();

    /// <summary>Registers <paramref name="factory"/> as the kernel of <paramref name="transformation"/>'s Update and returns the transformation.</summary>
    internal static GradientTransformation WithKernel(this GradientTransformation transformation, UpdateKernelFactory factory)
    {
        Factories.AddOrUpdate(transformation.Update, factory);
        return transformation;
    }

    /// <summary>Returns a kernel for <paramref name="transformation"/> loaded with <paramref name="state"/>, or null when there is none or the state does not fit.</summary>
    internal static UpdateKernel? TryCreate(GradientTransformation transformation, TransformState state, Mlp parameters) =>
        state is not null && Factories.TryGetValue(transformation.Update, out var factory) ? factory(state, parameters) : null;

    /// <summary>Returns fresh buffers holding a copy of <paramref name="tree"/>'s storage, or null when its shape differs from <paramref name="parameters"/>.</summary>
    internal static double[][]? CopyOf(Mlp? tree, Mlp parameters)
    {
        if (tree is null || !tree.HasSameShape(parameters))
        {
            return null;
        }

        var source = ParameterStorage.Read(tree);
        var copy = new double[source.Length][];
        for (int k = 0; k < source.Length; k++)
        {
            copy[k] = (double[])source[k].Clone();
        }

        return copy;
    }

    /// <summary>Returns a fresh tree shaped like <paramref name="template"/> holding a copy of <paramref name="segments"/>.</summary>
    internal static Mlp ToTree(double[][] segments, Mlp template)
    {
        var (tree, target) = ParameterStorage.Allocate(template);
        for (int k = 0; k < target.Length; k++)
        {
            Array.Copy(segments[k], target[k], target[k].Length);
        }

        return tree;
    }

    /// <summary>updates ← factor · updates, as Transform.Scale computes factor · x.</summary>
    internal static void MultiplyInPlace(double[][] updates, double factor)
    {
        foreach (double[] u in updates)
        {
            for (int i = 0; i < u.Length; i++)
            {
                u[i] = factor * u[i];
            }
        }
    }

    /// <summary>updates ← updates + weightDecay · parameters, as Transform.AddDecayedWeights.</summary>
    internal static void AddDecayedWeightsInPlace(double[][] updates, double[][] parameters, double weightDecay)
    {
        for (int s = 0; s < updates.Length; s++)
        {
            double[] u = updates[s], p = parameters[s];
            for (int i = 0; i < u.Length; i++)
            {
                u[i] = u[i] + weightDecay * p[i];
            }
        }
    }

    /// <summary>updates ← clamp(updates, −clipValue, clipValue), as Transform.ClipByValue.</summary>
    internal static void ClipByValueInPlace(double[][] updates, double clipValue)
    {
        foreach (double[] u in updates)
        {
            for (int i = 0; i < u.Length; i++)
            {
                u[i] = Math.Clamp(u[i], -clipValue, clipValue);
            }
        }
    }

    /// <summary>Scales the updates to a global norm of at most maxNorm, as Transform.ClipByGlobalNorm.</summary>
    internal static void ClipByGlobalNormInPlace(double[][] updates, double maxNorm)
    {
        double coefficient = maxNorm / (Optimizer.GlobalNorm(updates) + 1e-6);
        double clamped = Math.Min(coefficient, 1.0);
        if (clamped != 1.0)
        {
            MultiplyInPlace(updates, clamped);
        }
    }

    /// <summary>parameters ← parameters + updates, as Optimizer.ApplyUpdates.</summary>
    internal static void ApplyUpdatesInPlace(double[][] parameters, double[][] updates)
    {
        for (int s = 0; s < parameters.Length; s++)
        {
            double[] p = parameters[s], u = updates[s];
            for (int i = 0; i < p.Length; i++)
            {
                p[i] = p[i] + u[i];
            }
        }
    }

    /// <summary>Copies every segment of <paramref name="source"/> into <paramref name="target"/> (same shapes).</summary>
    internal static void CopyInPlace(double[][] source, double[][] target)
    {
        for (int k = 0; k < source.Length; k++)
        {
            Array.Copy(source[k], target[k], source[k].Length);
        }
    }
}
