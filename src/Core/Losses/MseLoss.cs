namespace Functional.Core.Losses;

/// <summary>Mean squared error, as <c>nn.MSELoss()</c>: mean of (p - t)².</summary>
public sealed record MseLoss : Loss
{
    /// <inheritdoc />
    public override string Name => "mse";

    /// <inheritdoc />
    protected override double Element(double prediction, double target)
    {
        double d = prediction - target;
        return d * d;
    }

    /// <inheritdoc />
    protected override double ElementDerivative(double prediction, double target) => 2.0 * (prediction - target);
}
