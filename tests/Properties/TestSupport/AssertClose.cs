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
