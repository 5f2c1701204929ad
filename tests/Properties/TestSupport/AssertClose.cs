using System.Globalization;
using Functional.Core.Model;
using Xunit.Sdk;

namespace Functional.Properties.Tests.TestSupport;

/// <summary>
/// NumPy-style closeness assertions: every pair must satisfy |actual − expected| ≤ atol + rtol · |expected|
/// (equal infinities pass, NaN never does). Failures name the first offending index and both values.
/// </summary>
public static class AssertClose
{
    /// <summary>Asserts that two arrays have the same length and are element-wise close.</summary>
    public static void AllClose(double[] expected, double[] actual, double rtol = 1e-12, double atol = 1e-12)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Length != actual.Length)
        {
            throw new XunitException($"AllClose: expected {expected.Length} values, got {actual.Length}");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            bool close = e == a || Math.Abs(a - e) <= atol + rtol * Math.Abs(e);
            if (!close)
            {
                throw new XunitException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"AllClose: index {i}: expected {e:R}, got {a:R} (|diff| = {Math.Abs(a - e):R}, allowed {atol + rtol * Math.Abs(e):R}; rtol {rtol}, atol {atol})"));
            }
        }
    }

    /// <summary>
    /// Returns the largest relative difference |actual − expected| / |expected| over the pairs and the first
    /// index where it occurs: 0 where the two are equal (equal infinities and ±0 included), +∞ where expected
    /// is 0 and actual is not, NaN when either is NaN (and NaN wins over any number). Index −1 for empty arrays.
    /// </summary>
    public static (double Worst, int Index) MaxRelativeDifference(double[] expected, double[] actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Length != actual.Length)
        {
            throw new XunitException($"MaxRelativeDifference: expected {expected.Length} values, got {actual.Length}");
        }

        double worst = 0.0;
        int index = expected.Length == 0 ? -1 : 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            double difference = e == a ? 0.0 : Math.Abs(a - e) / Math.Abs(e);
            if (double.IsNaN(difference) ? !double.IsNaN(worst) : difference > worst)
            {
                worst = difference;
                index = i;
            }
        }

        return (worst, index);
    }

    /// <summary>
    /// Asserts that two parameter trees have the same layout and element-wise close parameters (compared in
    /// <see cref="Mlp.ToFlatArray"/> order).
    /// </summary>
    public static void AllClose(Mlp expected, Mlp actual, double rtol = 1e-12, double atol = 1e-12)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (!expected.HasSameShape(actual))
        {
            throw new XunitException($"AllClose: expected layout [{string.Join(",", expected.Layout)}], got [{string.Join(",", actual.Layout)}]");
        }

        AllClose(expected.ToFlatArray(), actual.ToFlatArray(), rtol, atol);
    }
}
