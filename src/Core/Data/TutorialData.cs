using System.Diagnostics.Contracts;
using Functional.Core.Random;

namespace Functional.Core.Data;

/// <summary>
/// How the tutorial's regression data is drawn: <c>np.random.seed(Seed)</c>,
/// <c>x = np.random.uniform(Low, High, Count)</c>, then <c>y = ftrue(x) + np.random.normal(0, NoiseScale, Count)</c>.
/// </summary>
/// <param name="Seed">The NumPy seed (the tutorial's is 42).</param>
/// <param name="Count">Number of samples n, at least 1 (the tutorial's is 100).</param>
/// <param name="NoiseScale">Standard deviation of the added Gaussian noise, at least 0 (the tutorial's is 10).</param>
/// <param name="Low">Lower end of the x range (the tutorial's is -5).</param>
/// <param name="High">Upper end of the x range, exclusive (the tutorial's is 5).</param>
public sealed record TutorialDataOptions(uint Seed = 42, int Count = 100, double NoiseScale = 10.0, double Low = -5.0, double High = 5.0)
{
    /// <summary>The tutorial's own settings: seed 42, 100 samples, noise 10, x in [-5, 5).</summary>
    public static TutorialDataOptions Tutorial { get; } = new();
}

/// <summary>
/// The data of the tutorial's non-linear regression: the true function, its reference curve and the noisy
/// samples, reproduced from NumPy's legacy generator draw for draw.
/// </summary>
public static class TutorialData
{
    /// <summary>
    /// The tutorial's true function <c>ftrue(x) = x**3 - x**2 + 25*sin(2*x)</c>, evaluated as NumPy does:
    /// <c>x**3</c> is <c>pow(x, 3)</c> and <c>x**2</c> is <c>x*x</c> (NumPy's fast path for a square).
    /// </summary>
    [Pure]
    public static double Ftrue(double x) => Math.Pow(x, 3.0) - x * x + 25.0 * Math.Sin(2.0 * x);

    /// <summary>
    /// Returns the tutorial's reference curve: X = <c>np.arange(-5, 5, 0.01)</c> (1,000 values, see
    /// <see cref="NumPyArange.Values"/>) and Y = ftrue(X), each of shape (1000, 1).
    /// </summary>
    [Pure]
    public static Dataset ReferenceCurve() => Curve(-5.0, 5.0, 0.01);

    /// <summary>
    /// Returns ftrue on <c>np.arange(start, stop, step)</c>: X and Y of shape (m, 1) where m is the length
    /// of the arange. Throws <see cref="ArgumentException"/> when the range is empty.
    /// </summary>
    [Pure]
    public static Dataset Curve(double start, double stop, double step)
    {
        double[] x = NumPyArange.Values(start, stop, step);
        if (x.Length == 0)
        {
            throw new ArgumentException($"arange({start}, {stop}, {step}) is empty");
        }

        return Dataset.FromColumns(x, Array.ConvertAll(x, Ftrue));
    }

    /// <summary>
    /// Returns the tutorial's noisy samples in generation order: X of shape (n, 1) with
    /// <c>uniform(Low, High, n)</c> and Y of shape (n, 1) with ftrue(x) plus <c>normal(0, NoiseScale, n)</c>,
    /// both drawn from one NumPy legacy generator seeded with <c>Seed</c> (all x draws first, then all
    /// noise draws). With the defaults the first sample is x = -1.254598811526375.
    /// Throws <see cref="ArgumentOutOfRangeException"/> (its parameter the offending field) when Count is below 1
    /// or above 10,000,000, NoiseScale is negative or not finite, or the range is not finite.
    /// </summary>
    [Pure]
    public static Dataset Generate(TutorialDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options.Count), options.Count, "the number of samples must be at least 1");
        }

        if (options.Count > Limits.MaxSamples)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options.Count), options.Count, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"at most {Limits.MaxSamples:N0} samples, the most a data set may hold"));
        }

        if (!(options.NoiseScale >= 0.0) || double.IsInfinity(options.NoiseScale))
        {
            throw new ArgumentOutOfRangeException(nameof(options.NoiseScale), options.NoiseScale, "the noise scale must be a finite number >= 0");
        }

        if (!double.IsFinite(options.Low) || !double.IsFinite(options.High))
        {
            throw new ArgumentOutOfRangeException(nameof(options.Low), $"the x range must be finite, got [{options.Low}, {options.High})");
        }

        var state = RandomState.Seed(options.Seed);
        var (x, afterX) = state.Uniform(options.Low, options.High, options.Count);
        var (noise, _) = afterX.Normal(0.0, options.NoiseScale, options.Count);
        var y = new double[options.Count];
        for (int i = 0; i < y.Length; i++)
        {
            // Same association as NumPy's (ftrue(x)) + noise.
            y[i] = Ftrue(x[i]) + noise[i];
        }

        return Dataset.FromColumns(x, y);
    }

    /// <summary>Returns the tutorial's own data set (seed 42, 100 samples, noise 10, x in [-5, 5)).</summary>
    [Pure]
    public static Dataset Generate() => Generate(TutorialDataOptions.Tutorial);
}
