using System.Globalization;

namespace Functional.Core.Losses;

/// <summary>
/// Huber loss, as <c>nn.HuberLoss(delta)</c>: 0.5·d² where |d| &lt; delta, else delta·(|d| - 0.5·delta),
/// with d = p - t.
/// </summary>
/// <param name="Delta">The threshold between the quadratic and linear parts (PyTorch's default 1).</param>
public sealed record HuberLoss(double Delta = 1.0) : Loss
{
    /// <inheritdoc />
    public override string Name => Delta == 1.0 ? "huber" : "huber:" + Format(Delta);

    /// <inheritdoc />
    protected override double Element(double prediction, double target)
    {
        double d = Math.Abs(prediction - target);
        return d < Delta ? 0.5 * d * d : Delta * (d - 0.5 * Delta);
    }

    /// <inheritdoc />
    protected override double ElementDerivative(double prediction, double target)
    {
        double d = prediction - target;
        return Math.Abs(d) < Delta ? d : Delta * Math.Sign(d);
    }

    // Stryker disable once String : "R" and the default format both give the shortest round-tripping digits
    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
