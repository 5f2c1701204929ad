namespace Functional.Properties.Tests.TestSupport;

/// <summary>NumPy-style closeness assertions: |actual - expected| &lt;= atol + rtol·|expected|, element-wise.</summary>
public static class AssertClose
{
    /// <summary>Fails, naming the first offending index, unless the arrays have equal length and all elements are close.</summary>
    public static void AllClose(double[] expected, double[] actual, double rtol = 1e-12, double atol = 1e-12)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.True(expected.Length == actual.Length, $"length differs: expected {expected.Length}, actual {actual.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            bool close = (double.IsNaN(e) && double.IsNaN(a)) || e == a || Math.Abs(a - e) <= atol + rtol * Math.Abs(e);
            Assert.True(close, $"element {i}: expected {e:R}, actual {a:R} (|diff| {Math.Abs(a - e):R} > atol {atol} + rtol {rtol} * |expected|)");
        }
    }
}
