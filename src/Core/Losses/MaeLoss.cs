namespace Functional.Core.Losses;

/// <summary>Mean absolute error, as <c>nn.L1Loss()</c>: mean of |p - t|; the derivative at p = t is 0, as PyTorch's sign.</summary>
public sealed record MaeLoss : Loss
{
    /// <inheritdoc />
    public override string Name => "mae";

    /// <inheritdoc />
    protected override double Element(double prediction, double target) => Math.Abs(prediction - target);

    /// <inheritdoc />
    protected override double ElementDerivative(double prediction, double target) => Math.Sign(prediction - target);
}
