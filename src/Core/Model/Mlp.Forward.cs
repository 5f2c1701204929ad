using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Model;

public sealed partial record Mlp
{
    /// <summary>
    /// Runs the network on a batch whose rows are samples: <paramref name="x"/> has shape (n, in) and
    /// the result has shape (n, out). Throws <see cref="ArgumentException"/> when x has the wrong column count.
    /// </summary>
    [Pure]
    public Matrix<double> Predict(Matrix<double> x) => Forward(x).Output;

    /// <summary>
    /// Runs the network on a batch (rows are samples, shape (n, in)) and returns the output with every
    /// intermediate value the backward pass needs. Neither the network nor x is changed.
    /// </summary>
    [Pure]
    public ForwardPass Forward(Matrix<double> x)
    {
        RequireInput(x);
        var inputs = ImmutableArray.CreateBuilder<Matrix<double>>(Layers.Length);
        var pre = ImmutableArray.CreateBuilder<Matrix<double>>(Layers.Length);
        var a = x;
        for (int i = 0; i < Layers.Length; i++)
        {
            inputs.Add(a);
            var layer = Layers[i];
            var z = a.TransposeAndMultiply(layer.W);
            var bias = layer.B;
            // z is freshly allocated by this call; adding the bias in place touches nothing a caller holds.
            z.MapIndexedInplace((_, c, v) => v + bias[c]);
            pre.Add(z);
            var activation = Activations[i];
            a = activation.Kind == ActivationKind.Identity ? z : z.Map(activation.Apply);
        }

        return new ForwardPass(inputs.MoveToImmutable(), pre.MoveToImmutable(), a);
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
