using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Model;

public sealed partial record Mlp
{
    /// <summary>
    /// Runs the network on a batch whose rows are samples: <paramref name="x"/> has shape (n, in) and
    /// the result, a fresh matrix, has shape (n, out). Throws <see cref="ArgumentException"/> when x has the
    /// wrong column count.
    /// </summary>
    [Pure]
    public Matrix<double> Predict(Matrix<double> x)
    {
        RequireInput(x);
        // The output is computed by this call (every layer allocates its product), so it is handed out as is.
        return ForwardMatrices(x).Output;
    }

    /// <summary>
    /// Runs the network on a batch (rows are samples, shape (n, in)) and returns the output, a fresh matrix of
    /// shape (n, out). Throws <see cref="ArgumentException"/> when x has the wrong column count.
    /// </summary>
    [Pure]
    public Matrix<double> Predict(ReadOnlyMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Predict(x.View);
    }

    /// <summary>
    /// Runs the network on a batch (rows are samples, shape (n, in)) and returns the output with every
    /// intermediate value the backward pass needs, as immutable values (the batch is copied). Neither the
    /// network nor x is changed.
    /// </summary>
    [Pure]
    public ForwardPass Forward(Matrix<double> x)
    {
        RequireInput(x);
        var (inputs, pre, output) = ForwardMatrices(x);
        var heldInputs = ImmutableArray.CreateBuilder<ReadOnlyMatrix>(Layers.Length);
        var heldPre = ImmutableArray.CreateBuilder<ReadOnlyMatrix>(Layers.Length);
        // Every matrix but the batch itself was computed here, so the pass adopts them; the batch is the caller's.
        heldInputs.Add(ReadOnlyMatrix.CopyOf(x));
        for (int i = 0; i < Layers.Length; i++)
        {
            heldPre.Add(ReadOnlyMatrix.Adopt(pre[i]));
            if (i > 0)
            {
                heldInputs.Add(ReferenceEquals(inputs[i], pre[i - 1]) ? heldPre[i - 1] : ReadOnlyMatrix.Adopt(inputs[i]));
            }
        }

        var heldOutput = ReferenceEquals(output, pre[^1]) ? heldPre[^1] : ReadOnlyMatrix.Adopt(output);
        return new ForwardPass(heldInputs.MoveToImmutable(), heldPre.MoveToImmutable(), heldOutput);
    }

    /// <summary>Runs the network on a batch (rows are samples, shape (n, in)); see <see cref="Forward(Matrix{double})"/>.</summary>
    [Pure]
    public ForwardPass Forward(ReadOnlyMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Forward(x.View);
    }

    // The forward pass in MathNet matrices: inputs[0] is x itself; every other matrix is allocated here.
    // Where the activation is the identity, inputs[i + 1] (or the output) is the same matrix as pre[i].
    private (Matrix<double>[] Inputs, Matrix<double>[] PreActivations, Matrix<double> Output) ForwardMatrices(Matrix<double> x)
    {
        var inputs = new Matrix<double>[Layers.Length];
        var pre = new Matrix<double>[Layers.Length];
        var a = x;
        for (int i = 0; i < Layers.Length; i++)
        {
            inputs[i] = a;
            var layer = Layers[i];
            var z = a.TransposeAndMultiply(layer.W.View);
            var bias = layer.B;
            // z is freshly allocated by this call; adding the bias in place touches nothing a caller holds.
            z.MapIndexedInplace((_, c, v) => v + bias[c]);
            pre[i] = z;
            var activation = Activations[i];
            a = activation.Kind == ActivationKind.Identity ? z : z.Map(activation.Apply);
        }

        return (inputs, pre, a);
    }

    internal void RequireInput(Matrix<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.ColumnCount != InputSize)
        {
            throw new ArgumentException(
                $"input has {x.ColumnCount} columns but the network's first layer expects {InputSize} (layout [{string.Join(",", Layout)}])",
                nameof(x));
        }

        if (x.RowCount < 1)
        {
            throw new ArgumentException("input batch has no rows", nameof(x));
        }
    }
}
