using System.Diagnostics.Contracts;
using Functional.Core.Losses;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Model;

/// <summary>
/// The outcome of a gradient check: the worst relative error between backpropagation and central
/// differences, and where it occurred.
/// </summary>
/// <param name="MaxRelativeError">max over parameters of |analytic - numeric| / max(|analytic|, |numeric|, floor).</param>
/// <param name="Layer">Index of the layer holding the worst parameter.</param>
/// <param name="Parameter">"W" or "B".</param>
/// <param name="Row">Row of the worst parameter (output unit).</param>
/// <param name="Column">Column of the worst parameter (input unit; 0 for a bias).</param>
/// <param name="Analytic">Backpropagation's value there.</param>
/// <param name="Numeric">The central difference there.</param>
public sealed record GradientCheckResult(
    double MaxRelativeError, int Layer, string Parameter, int Row, int Column, double Analytic, double Numeric)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"max relative error {MaxRelativeError:E3} at layer {Layer} {Parameter}[{Row},{Column}] (backprop {Analytic:R}, numeric {Numeric:R})";
}

/// <summary>Checks backpropagated gradients against central finite differences, for any net, loss and data.</summary>
public static class GradientCheck
{
    /// <summary>
    /// Compares <see cref="Mlp.LossAndGradients"/> with the fourth-order central difference
    /// (L(θ - 2h) - 8L(θ - h) + 8L(θ + h) - L(θ + 2h)) / 12h for every parameter.
    /// x has shape (n, in), y shape (n, out). The relative error uses max(|a|, |n|, <paramref name="floor"/>)
    /// as denominator so that gradients near zero are judged absolutely. Nothing passed in is changed.
    /// </summary>
    /// <returns>The worst relative error and where it is.</returns>
    [Pure]
    public static GradientCheckResult Check(Mlp model, Loss loss, Matrix<double> x, Matrix<double> y, double step = 1e-4, double floor = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        var (_, analytic) = model.LossAndGradients(loss, x, y);
        double[] theta = model.ToFlatArray();
        double[] grad = analytic.ToFlatArray();
        var worst = new GradientCheckResult(0.0, 0, "W", 0, 0, 0.0, 0.0);
        double[] probe = (double[])theta.Clone();
        for (int k = 0; k < theta.Length; k++)
        {
            // Fourth-order stencil: truncation error O(h^4), so h can be large enough that rounding in
            // the loss differences (about eps·|L| / h) stays near 1e-12.
            double numeric = (LossAt(k, -2) - 8.0 * LossAt(k, -1) + 8.0 * LossAt(k, 1) - LossAt(k, 2)) / (12.0 * step);
            probe[k] = theta[k];
            double error = Math.Abs(grad[k] - numeric) / Math.Max(Math.Max(Math.Abs(grad[k]), Math.Abs(numeric)), floor);
            if (error > worst.MaxRelativeError || double.IsNaN(error))
            {
                var (layer, parameter, row, column) = Locate(model, k);
                worst = new GradientCheckResult(error, layer, parameter, row, column, grad[k], numeric);
            }
        }

        return worst;

        double LossAt(int index, int multiple)
        {
            probe[index] = theta[index] + multiple * step;
            return loss.Value(model.WithFlatParameters(probe).Predict(x), y);
        }
    }

    // Maps an index of Mlp.ToFlatArray back to (layer, W or B, row, column).
    private static (int Layer, string Parameter, int Row, int Column) Locate(Mlp model, int index)
    {
        for (int i = 0; i < model.Layers.Length; i++)
        {
            var layer = model.Layers[i];
            int weights = layer.OutFeatures * layer.InFeatures;
            if (index < weights)
            {
                return (i, "W", index / layer.InFeatures, index % layer.InFeatures);
            }

            index -= weights;
            if (index < layer.OutFeatures)
            {
                return (i, "B", index, 0);
            }

            index -= layer.OutFeatures;
        }

        throw new ArgumentOutOfRangeException(nameof(index));
    }
}
