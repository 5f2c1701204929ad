using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using Functional.Core.Model;

namespace Functional.Core.Optim;

/// <summary>
/// Raw access to the storage of parameter trees for the optimizers' element-wise kernels. A tree is seen
/// as a list of segments: for each layer, W's column-major storage, then B's storage. Trees of the same
/// shape have segments of the same lengths in the same order, so kernels can run tight loops over them.
/// </summary>
internal static class ParameterStorage
{
    /// <summary>
    /// Returns the storage of every W and B of <paramref name="tree"/>, for reading only: the arrays are
    /// the immutable values' own storage (W column-major) and must never be written.
    /// </summary>
    [Pure]
    internal static double[][] Read(ParameterTree tree)
    {
        var segments = new double[2 * tree.Layers.Length][];
        int k = 0;
        foreach (var layer in tree.Layers)
        {
            segments[k++] = layer.W.Storage;
            segments[k++] = layer.B.Storage;
        }

        return segments;
    }

    /// <summary>
    /// Allocates a zero tree shaped like <paramref name="template"/> and returns it with
    /// its storage. The caller may write the segments only until it returns the tree: a record's values are
    /// never written once the record is handed out, which is what lets records share storage freely.
    /// </summary>
    [Pure]
    internal static (ParameterTree Tree, double[][] Segments) Allocate(ParameterTree template)
    {
        var layers = ImmutableArray.CreateBuilder<Linear>(template.Layers.Length);
        var segments = new double[2 * template.Layers.Length][];
        int k = 0;
        foreach (var layer in template.Layers)
        {
            var w = new double[layer.OutFeatures * layer.InFeatures];
            var b = new double[layer.OutFeatures];
            segments[k++] = w;
            segments[k++] = b;
            layers.Add(new Linear(ReadOnlyMatrix.Adopt(layer.OutFeatures, layer.InFeatures, w), ReadOnlyVector.Adopt(b)));
        }

        return (new ParameterTree(layers.MoveToImmutable()), segments);
    }

    /// <summary>Returns a fresh tree shaped like <paramref name="template"/> with every entry <paramref name="value"/>.</summary>
    [Pure]
    internal static ParameterTree Filled(ParameterTree template, double value)
    {
        var (tree, segments) = Allocate(template);
        if (value != 0.0)
        {
            foreach (var segment in segments)
            {
                Array.Fill(segment, value);
            }
        }

        return tree;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the two trees have the same layout.</summary>
    internal static void RequireSameShape(ParameterTree expected, ParameterTree actual, string what)
    {
        ArgumentNullException.ThrowIfNull(actual, what);
        if (!expected.HasSameShape(actual))
        {
            throw new ArgumentException(
                $"{what} has layout [{string.Join(",", actual.Layout)}] but the parameters have [{string.Join(",", expected.Layout)}]",
                what);
        }
    }

    /// <summary>
    /// Returns <paramref name="state"/> as <typeparamref name="TState"/>, or throws
    /// <see cref="ArgumentException"/> naming the transformation and both types.
    /// </summary>
    internal static TState Expect<TState>(TransformState state, string transform)
        where TState : TransformState
    {
        ArgumentNullException.ThrowIfNull(state);
        return state as TState ?? throw new ArgumentException(
            $"{transform} expects a {typeof(TState).Name}, got a {state.GetType().Name}", nameof(state));
    }
}
