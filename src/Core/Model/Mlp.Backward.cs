using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Model;

public sealed partial record Mlp
{
    /// <summary>
    /// Backpropagates <paramref name="outputGradient"/> (dL/dOutput, shape (n, out)) through the pass
    /// recorded by <see cref="Forward(Matrix{double})"/>. Returns the gradient of L with respect to every parameter as a
    /// <see cref="ParameterTree"/> shaped like <see cref="Parameters"/> (W gradients (out, in), B gradients length out) and dL/dx, shape
    /// (n, in). Nothing passed in is changed.
    /// </summary>
    [Pure]
    public (ParameterTree Gradients, Matrix<double> InputGradient) Backward(ForwardPass pass, Matrix<double> outputGradient)
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

        var inputs = new Matrix<double>[Layers.Length];
        var pre = new Matrix<double>[Layers.Length];
        for (int i = 0; i < Layers.Length; i++)
        {
            inputs[i] = pass.Inputs[i].View;
            pre[i] = pass.PreActivations[i].View;
        }

        return BackwardMatrices(inputs, pre, pass.Output.View, outputGradient);
    }

    // The backward pass in MathNet matrices over a forward pass's matrices, which it only reads. The
    // gradients are computed here, so the returned layers adopt them; the input gradient is fresh too
    // (upstream is replaced by a product in every layer).
    private (ParameterTree Gradients, Matrix<double> InputGradient) BackwardMatrices(Matrix<double>[] inputs, Matrix<double>[] pre, Matrix<double> output, Matrix<double> outputGradient)
    {
        var grads = new Linear[Layers.Length];
        var upstream = outputGradient;
        for (int i = Layers.Length - 1; i >= 0; i--)
        {
            var delta = ActivationBackward(Activations[i], pre[i], i == Layers.Length - 1 ? output : inputs[i + 1], upstream);
            var gw = delta.TransposeThisAndMultiply(inputs[i]);
            var gb = delta.ColumnSums();
            grads[i] = Linear.Adopt(gw, gb);
            upstream = delta * Layers[i].W.View;
        }

        return (new ParameterTree(ImmutableArray.Create(grads)), upstream);
    }

    /// <summary>
    /// Returns the loss of the network on a batch and its gradient with respect to every parameter.
    /// x has shape (n, in) and y shape (n, out).
    /// </summary>
    [Pure]
    public (double Loss, ParameterTree Gradients) LossAndGradients(Losses.Loss loss, Matrix<double> x, Matrix<double> y)
    {
        ArgumentNullException.ThrowIfNull(loss);
        RequireInput(x);
        ArgumentNullException.ThrowIfNull(y);
        var (inputs, pre, output) = ForwardMatrices(x);
        double value = loss.Value(output, y);
        var outputGradient = loss.Gradient(output, y);
        // Stryker disable once Logical,Block : Loss.Gradient always returns a matrix of the prediction's shape, so neither count differs (|| and && agree) and the block never runs
        if (outputGradient.RowCount != output.RowCount || outputGradient.ColumnCount != output.ColumnCount)
        {
            // Stryker disable once Statement,String : unreachable, Loss.Gradient always returns a matrix of the prediction's shape
            throw new ArgumentException(
                $"the loss gradient has shape ({outputGradient.RowCount}, {outputGradient.ColumnCount}) but the output has ({output.RowCount}, {output.ColumnCount})",
                nameof(loss));
        }

        var (grads, _) = BackwardMatrices(inputs, pre, output, outputGradient);
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
