using System.Diagnostics.Contracts;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;

namespace Functional.Core.Sweep;

/// <summary>The measures a sweep takes of a trained network on the data.</summary>
public static class SweepMetrics
{
    private static readonly MseLoss Mse = new();

    /// <summary>
    /// Returns the mean squared error of <paramref name="model"/> over every row and target column of
    /// <paramref name="data"/> (X of shape (n, in), Y of shape (n, out)).
    /// </summary>
    [Pure]
    public static double MeanSquaredError(Mlp model, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        return Mse.Value(model.Predict(data.X), data.Y);
    }

    /// <summary>
    /// Returns whether <paramref name="model"/> solves the data as a truth table: every output, rounded to
    /// the nearest integer (halves to even), equals its target. For XOR this is the tutorial's test.
    /// </summary>
    [Pure]
    public static bool Solves(Mlp model, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var outputs = model.Predict(data.X);
        for (int i = 0; i < data.Count; i++)
        {
            for (int j = 0; j < data.OutputCount; j++)
            {
                if (Math.Round(outputs[i, j], MidpointRounding.ToEven) != data.Y[i, j])
                {
                    return false;
                }
            }
        }

        return true;
    }
}
