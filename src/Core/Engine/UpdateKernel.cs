using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Functional.Core.Model;
using Functional.Core.Optim;
using static Functional.Core.Engine.SubnormalArithmetic;

namespace Functional.Core.Engine;

/// <summary>
/// The fast path of a <see cref="GradientTransformation"/>: its Update as an InPlace kernel over flat
/// buffers, holding its state in arrays it owns. The training fold creates one per run from the current
/// state, runs it on the gradient buffer of its workspace and turns it back into a fresh state record only
/// when one is asked for: the state records stay values that never change, and building them every step
/// would cost more than the update itself. The arithmetic is the pure Update's, element for element
/// and in the same order, so parameters and states come out bit for bit the same.
/// <para>
/// A flat buffer holds a whole parameter tree in <see cref="ParameterStorage.Read"/> order: for each layer
/// W column-major, then B, one after the other.
/// </para>
/// </summary>
internal abstract class UpdateKernel
{
    /// <summary>
    /// Turns <paramref name="updates"/> (on entry the incoming gradients or updates, flat) into this
    /// transformation's updates, in place, and advances the state. <paramref name="parameters"/> (flat) is
    /// only read.
    /// </summary>
    internal abstract void UpdateInPlace(double[] updates, double[] parameters);

    /// <summary>Returns the current state as a fresh record; its trees are shaped (and carry the activations) of <paramref name="template"/>.</summary>
    internal abstract TransformState ToState(ParameterTree template);

    /// <summary>Copies the state of <paramref name="other"/> (a kernel made by the same factory for the same shape) into this one.</summary>
    internal abstract void CopyStateInPlace(UpdateKernel other);

    /// <summary>
    /// Runs the update and adds it to <paramref name="parameters"/> in one pass, leaving parameters and state
    /// exactly as <see cref="UpdateInPlace"/> followed by <see cref="UpdateKernels.ApplyUpdatesInPlace"/>
    /// would (what is left in <paramref name="gradients"/> is unspecified). Returns false, having done
    /// nothing, when this kernel has no fused form.
    /// </summary>
    internal virtual bool UpdateAndApplyInPlace(double[] gradients, double[] parameters) => false;

    /// <summary>Runs the update and applies it: fused where the kernel can, else in two passes.</summary>
    internal void StepInPlace(double[] gradients, double[] parameters)
    {
        if (!UpdateAndApplyInPlace(gradients, parameters))
        {
            UpdateInPlace(gradients, parameters);
            UpdateKernels.ApplyUpdatesInPlace(parameters, gradients);
        }
    }
}

/// <summary>A kernel whose update multiplies by a factor that may change from step to step (a learning rate).</summary>
internal interface IFactorKernel
{
    /// <summary>Returns the factor of this step and advances the kernel's state as its update would.</summary>
    double NextFactorInPlace();
}

/// <summary>
/// Makes a kernel loaded with <paramref name="state"/> for parameters shaped like <paramref name="parameters"/>,
/// or returns null when the state does not fit (the caller then uses the pure Update, which reports why).
/// </summary>
internal delegate UpdateKernel? UpdateKernelFactory(TransformState state, ParameterTree parameters);

/// <summary>
/// How a transformation gets its kernel, and the element-wise InPlace helpers the kernels share.
/// </summary>
internal static class UpdateKernels
{
    /// <summary>Returns <paramref name="transformation"/> carrying <paramref name="factory"/> as its <see cref="GradientTransformation.Kernel"/>, named <paramref name="name"/>.</summary>
    internal static GradientTransformation WithKernel(this GradientTransformation transformation, string name, UpdateKernelFactory factory) =>
        transformation with { Kernel = new FusedKernel(name, factory) };

    /// <summary>Returns a kernel for <paramref name="transformation"/> loaded with <paramref name="state"/>, or null when it has none or the state does not fit.</summary>
    internal static UpdateKernel? TryCreate(GradientTransformation transformation, TransformState? state, ParameterTree parameters) =>
        transformation.Kernel?.Create(state, parameters);

    /// <summary>Returns a fresh flat copy of <paramref name="tree"/>, or null when its shape differs from <paramref name="parameters"/>.</summary>
    internal static double[]? Flatten(ParameterTree? tree, ParameterTree parameters) =>
        tree is null || !tree.HasSameShape(parameters) ? null : Flatten(tree);

    /// <summary>Returns a fresh flat copy of <paramref name="tree"/>'s parameters.</summary>
    internal static double[] Flatten(ParameterTree tree)
    {
        var flat = new double[tree.ParameterCount];
        FlattenInPlace(tree, flat);
        return flat;
    }

    /// <summary>Copies <paramref name="tree"/>'s parameters into <paramref name="flat"/> (of the tree's parameter count).</summary>
    internal static void FlattenInPlace(ParameterTree tree, double[] flat)
    {
        int offset = 0;
        foreach (double[] segment in ParameterStorage.Read(tree))
        {
            Array.Copy(segment, 0, flat, offset, segment.Length);
            offset += segment.Length;
        }
    }

    /// <summary>Returns a fresh tree shaped like <paramref name="template"/> holding a copy of <paramref name="flat"/>.</summary>
    internal static ParameterTree ToTree(double[] flat, ParameterTree template)
    {
        var (tree, segments) = ParameterStorage.Allocate(template);
        int offset = 0;
        foreach (double[] segment in segments)
        {
            Array.Copy(flat, offset, segment, 0, segment.Length);
            offset += segment.Length;
        }

        return tree;
    }

    /// <summary>The lengths of a tree's segments (each W, each B) in flat order.</summary>
    internal static int[] SegmentLengths(ParameterTree tree) => [.. ParameterStorage.Read(tree).Select(s => s.Length)];

    /// <summary>updates ← factor · updates, as Transform.Scale computes factor · x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyInPlace(double[] updates, double factor)
    {
        int lanes = Vector<double>.Count, i = 0;
        ref double u0 = ref MemoryMarshal.GetArrayDataReference(updates);
        var f = new Vector<double>(factor);
        for (; i + lanes <= updates.Length; i += lanes)
        {
            var u = Vector.LoadUnsafe(ref u0, (nuint)i);
            var tiny = TinyLanes(u);
            if (tiny == Vector<long>.Zero)
            {
                (f * u).StoreUnsafe(ref u0, (nuint)i);
                continue;
            }

            // Subnormal lanes exactly in software, the others in the vector with those lanes zeroed.
            var product = f * Vector.ConditionalSelect(tiny, Vector<double>.Zero, u);
            for (int j = i; j < i + lanes; j++)
            {
                if (tiny[j - i] != 0)
                {
                    updates[j] = MultiplyTiny(factor, updates[j]);
                }
            }

            Vector.ConditionalSelect(tiny, Vector.LoadUnsafe(ref u0, (nuint)i), product).StoreUnsafe(ref u0, (nuint)i);
        }

        for (; i < updates.Length; i++)
        {
            updates[i] = IsTiny(updates[i]) ? MultiplyTiny(factor, updates[i]) : factor * updates[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double MultiplyTiny(double factor, double u) =>
        IsSubnormal(u) && IsModerate(factor) ? MultiplySubnormal(factor, u) : Multiply(factor, u);

    /// <summary>updates ← updates + weightDecay · parameters, as Transform.AddDecayedWeights.</summary>
    internal static void AddDecayedWeightsInPlace(double[] updates, double[] parameters, double weightDecay)
    {
        for (int i = 0; i < updates.Length; i++)
        {
            double u = updates[i], p = parameters[i];
            updates[i] = IsTiny(u) || IsTiny(p) ? Add(u, Multiply(weightDecay, p)) : u + weightDecay * p;
        }
    }

    /// <summary>updates ← clamp(updates, −clipValue, clipValue), as Transform.ClipByValue.</summary>
    internal static void ClipByValueInPlace(double[] updates, double clipValue)
    {
        for (int i = 0; i < updates.Length; i++)
        {
            updates[i] = Math.Clamp(updates[i], -clipValue, clipValue);
        }
    }

    /// <summary>Scales the updates to a global norm of at most maxNorm, as Transform.ClipByGlobalNorm (norms per segment, as PyTorch).</summary>
    internal static void ClipByGlobalNormInPlace(double[] updates, int[] segmentLengths, double maxNorm)
    {
        double total = 0.0;
        int offset = 0;
        foreach (int length in segmentLengths)
        {
            double sum = 0.0;
            for (int i = offset; i < offset + length; i++)
            {
                sum += updates[i] * updates[i];
            }

            double norm = Math.Sqrt(sum);
            total += norm * norm;
            offset += length;
        }

        double coefficient = maxNorm / (Math.Sqrt(total) + 1e-6);
        double clamped = Math.Min(coefficient, 1.0);
        if (clamped != 1.0)
        {
            MultiplyInPlace(updates, clamped);
        }
    }

    /// <summary>parameters ← parameters + updates, as Optimizer.ApplyUpdates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ApplyUpdatesInPlace(double[] parameters, double[] updates)
    {
        int lanes = Vector<double>.Count, i = 0;
        ref double p0 = ref MemoryMarshal.GetArrayDataReference(parameters);
        ref double u0 = ref MemoryMarshal.GetArrayDataReference(updates);
        for (; i + lanes <= parameters.Length; i += lanes)
        {
            var p = Vector.LoadUnsafe(ref p0, (nuint)i);
            var u = Vector.LoadUnsafe(ref u0, (nuint)i);
            var tiny = Vector.BitwiseOr(TinyLanes(p), TinyLanes(u));
            if (tiny == Vector<long>.Zero)
            {
                (p + u).StoreUnsafe(ref p0, (nuint)i);
                continue;
            }

            var zero = Vector<double>.Zero;
            var sum = Vector.ConditionalSelect(tiny, zero, p) + Vector.ConditionalSelect(tiny, zero, u);
            for (int j = i; j < i + lanes; j++)
            {
                if (tiny[j - i] != 0)
                {
                    parameters[j] = AddToLarger(parameters[j], updates[j]);
                }
            }

            Vector.ConditionalSelect(tiny, Vector.LoadUnsafe(ref p0, (nuint)i), sum).StoreUnsafe(ref p0, (nuint)i);
        }

        for (; i < parameters.Length; i++)
        {
            double p = parameters[i], u = updates[i];
            parameters[i] = IsTiny(p) || IsTiny(u) ? AddToLarger(p, u) : p + u;
        }
    }
}
