namespace Functional.Core.Losses;

/// <summary>
/// Binary cross-entropy on logits, as <c>nn.BCEWithLogitsLoss()</c>, in the stable form
/// max(x, 0) - x·t + log(1 + e^-|x|); its derivative is sigmoid(x) - t.
/// </summary>
public sealed record BceWithLogitsLoss : Loss
{
    /// <inheritdoc />
    public override string Name => "bce_logits";

    /// <inheritdoc />
    protected override double Element(double prediction, double target) =>
        Math.Max(prediction, 0.0) - prediction * target + Math.Log(1.0 + Math.Exp(-Math.Abs(prediction)));

    /// <inheritdoc />
    protected override double ElementDerivative(double prediction, double target)
    {
        double s = prediction >= 0.0 ? 1.0 / (1.0 + Math.Exp(-prediction)) : Math.Exp(prediction) / (1.0 + Math.Exp(prediction));
        return s - target;
    }
}
