using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Model;

public sealed partial record Mlp
{
    /// <summary>
    /// Backpropagates <paramref name="outputGradient"/> (dL/dOutput, shape (n, out)) through the pass
    /// recorded by <see cref="Forward"/>. Returns the gradient of L with respect to every parameter as an
    /// <see cref="Mlp"/> of the same shape (W gradients (out, in), B gradients length out) and dL/dx, shape
    /// (n, in). Nothing passed in is changed.
    /// </summary>
    [Pure]
    public (Mlp Gradients, Matrix<double> InputGradient) Backward(ForwardPass pass, Matrix<double> outputGradient)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (pass.PreActivations.Length != Layers.Length)
        {
            throw new ArgumentException($"the forward pass has {pass.PreActivations.Length} layers, the network {Layers.Length}", nameof(pass));
        }

        if (outputGradient.RowCount != pass.Output.RowCount || outputGradient.ColumnCount != pass.Output.ColumnCount)
        {
            throw new ArgumentException(
                $"output gradient has shape ({outputGradient.RowCount}, {outputGradient.ColumnCount}) but the output has ({pass.Output.RowCount}, {pass.Output.ColumnCount})",
                nameof(outputGradient));
        }

        var grads = new Linear[Layers.Length];
        var upstream = outputGradient;
        for (int i = Layers.Length - 1; i >= 0; i--)
        {
            var delta = ActivationBackward(Activations[i], pass.PreActivations[i], i == Layers.Length - 1 ? pass.Output : pass.Inputs[i + 1], upstream);
            var gw = delta.TransposeThisAndMultiply(pass.Inputs[i]);
            var gb = delta.ColumnSums();
            grads[i] = new Linear(gw, gb);
            upstream = delta * Layers[i].W;
        }

        return (this with { Layers = ImmutableArray.Create(grads) }, upstream);
    }

    /// <summary>
    /// Returns the loss of the network on a batch and its gradient with respect to every parameter.
    /// x has shape (n, in) and y shape (n, out).
    /// </summary>
    [Pure]
    public (double Loss, Mlp Gradients) LossAndGradients(Losses.Loss loss, Matrix<double> x, Matrix<double> y)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var pass = Forward(x);
        double value = loss.Value(pass.Output, y);
        var (grads, _) = Backward(pass, loss.Gradient(pass.Output, y));
        return (value, grads);
    }

    // dL/dZ = dL/dA ⊙ f'(Z); identity passes the upstream gradient through unchanged.
    private static Matrix<double> ActivationBackward(Activation activation, Matrix<double> z, Matrix<double> a, Matrix<double> upstream)
    {
        // Stryker disable once Block : without the shortcut the loop multiplies by identity's derivative 1.0, the same numbers
        if (activation.Kind == ActivationKind.Identity)
        {
            return upstream;
        }

        var result = Matrix<double>.Build.Dense(z.RowCount, z.ColumnCount);
        for (int c = 0; c < z.ColumnCount; c++)
        {
            for (int r = 0; r < z.RowCount; r++)
            {
                result[r, c] = upstream[r, c] * activation.Derivative(z[r, c], a[r, c]);
            }
        }

        return result;
    }
}
