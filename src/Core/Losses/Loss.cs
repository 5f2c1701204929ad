using System.Diagnostics.Contracts;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Losses;

/// <summary>
/// A loss over a batch with mean reduction over every element, as PyTorch's losses with
/// <c>reduction='mean'</c>. Predictions and targets have the same shape (n, out).
/// </summary>
public abstract record Loss
{
    /// <summary>Names accepted by <see cref="Parse"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mse", "mae", "huber", "bce", "bce_logits"];

    /// <summary>The name as <see cref="Parse"/> reads it back.</summary>
    public abstract string Name { get; }

    /// <summary>Returns the mean loss over all n·out elements.</summary>
    [Pure]
    public double Value(Matrix<double> prediction, Matrix<double> target)
    {
        RequireSameShape(prediction, target);
        double sum = 0.0;
        for (int c = 0; c < prediction.ColumnCount; c++)
        {
            for (int r = 0; r < prediction.RowCount; r++)
            {
                sum += Element(prediction[r, c], target[r, c]);
            }
        }

        return sum / (prediction.RowCount * prediction.ColumnCount);
    }

    /// <summary>Returns the mean loss over all n·out elements against targets held as an immutable value (a data set's Y).</summary>
    [Pure]
    public double Value(Matrix<double> prediction, ReadOnlyMatrix target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Value(prediction, target.View);
    }

    /// <summary>Returns dLoss/dPrediction, a new matrix of the predictions' shape.</summary>
    [Pure]
    public Matrix<double> Gradient(Matrix<double> prediction, Matrix<double> target)
    {
        RequireSameShape(prediction, target);
        double scale = 1.0 / (prediction.RowCount * prediction.ColumnCount);
        var result = Matrix<double>.Build.Dense(prediction.RowCount, prediction.ColumnCount);
        for (int c = 0; c < prediction.ColumnCount; c++)
        {
            for (int r = 0; r < prediction.RowCount; r++)
            {
                result[r, c] = scale * ElementDerivative(prediction[r, c], target[r, c]);
            }
        }

        return result;
    }

    /// <summary>
    /// Parses <c>mse</c>, <c>mae</c> (or <c>l1</c>), <c>huber</c> or <c>huber:DELTA</c>, <c>bce</c>,
    /// <c>bce_logits</c>. Throws <see cref="FormatException"/> listing the valid names otherwise.
    /// </summary>
    [Pure]
    public static Loss Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Trim().ToLowerInvariant().Split(':', 2);
        string name = parts[0].Replace("-", "_", StringComparison.Ordinal);
        if (name == "huber")
        {
            double delta = 1.0;
            if (parts.Length == 2 && (!double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out delta) || !(delta > 0) || !double.IsFinite(delta)))
            {
                throw new FormatException($"loss '{text}': huber's delta must be a positive number");
            }

            return new HuberLoss(delta);
        }

        if (parts.Length == 2)
        {
            throw new FormatException($"loss '{text}': {name} takes no parameter");
        }

        return name switch
        {
            "mse" or "l2" => new MseLoss(),
            "mae" or "l1" => new MaeLoss(),
            "bce" => new BceLoss(),
            "bce_logits" or "bcewithlogits" => new BceWithLogitsLoss(),
            _ => throw new FormatException($"unknown loss '{text}'; valid: {string.Join(", ", Names)}"),
        };
    }

    /// <summary>The loss of one element, for the fused training kernels (same arithmetic as <see cref="Value(Matrix{double}, Matrix{double})"/>).</summary>
    internal double ElementValue(double prediction, double target) => Element(prediction, target);

    /// <summary>d(loss of one element)/d(prediction), for the fused training kernels (as <see cref="Gradient"/>, before scaling).</summary>
    internal double ElementGradient(double prediction, double target) => ElementDerivative(prediction, target);

    /// <summary>The loss of one element.</summary>
    [Pure]
    protected abstract double Element(double prediction, double target);

    /// <summary>d(loss of one element)/d(prediction).</summary>
    [Pure]
    protected abstract double ElementDerivative(double prediction, double target);

    private static void RequireSameShape(Matrix<double> prediction, Matrix<double> target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (prediction.RowCount != target.RowCount || prediction.ColumnCount != target.ColumnCount)
        {
            throw new ArgumentException(
                $"prediction has shape ({prediction.RowCount}, {prediction.ColumnCount}) but target has ({target.RowCount}, {target.ColumnCount})");
        }
    }
}
