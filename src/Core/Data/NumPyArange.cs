using System.Diagnostics.Contracts;

namespace Functional.Core.Data;

/// <summary>NumPy's <c>np.arange(start, stop, step)</c> for doubles, value for value.</summary>
public static class NumPyArange
{
    /// <summary>
    /// Returns the values of <c>np.arange(start, stop, step)</c>: length ceil((stop - start) / step)
    /// (0 when that is not positive), first value <paramref name="start"/>, second start + step, and
    /// from the third on start + i·delta with delta = (start + step) - start, which is how NumPy fills the
    /// array (its <c>DOUBLE_fill</c> takes the step back from the first two values). For
    /// <c>arange(-5, 5, 0.01)</c> this gives 1,000 values ending in 4.989999999999787, not 4.99.
    /// Throws <see cref="ArgumentException"/> when step is zero or any argument is not finite.
    /// </summary>
    [Pure]
    public static double[] Values(double start, double stop, double step)
    {
        if (!double.IsFinite(start) || !double.IsFinite(stop) || !double.IsFinite(step))
        {
            throw new ArgumentException($"arange needs finite arguments, got ({start}, {stop}, {step})");
        }

        if (step == 0.0)
        {
            throw new ArgumentException("arange needs a non-zero step", nameof(step));
        }

        double length = Math.Ceiling((stop - start) / step);
        if (!(length > 0))
        {
            return [];
        }

        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"arange({start}, {stop}, {step}) would have {length} values");
        }

        int n = (int)length;
        var values = new double[n];
        values[0] = start;
        if (n > 1)
        {
            values[1] = start + step;
        }

        double delta = (start + step) - start;
        for (int i = 2; i < n; i++)
        {
            values[i] = start + i * delta;
        }

        return values;
    }
}
