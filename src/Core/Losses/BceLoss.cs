namespace Functional.Core.Losses;

/// <summary>
/// Binary cross-entropy on probabilities, as <c>nn.BCELoss()</c>: -(t·log p + (1 - t)·log(1 - p)), with each
/// log clamped to at least -100 as PyTorch does, so p = 0 or 1 gives a finite loss.
/// </summary>
public sealed record BceLoss : Loss
{
    private const double LogFloor = -100.0;

    // PyTorch's BCELoss backward clamps the denominator p(1-p) to at least EPSILON, a float constant 1e-12
    // (aten/src/ATen/native/Loss.cpp), which is 9.999999960041972e-13 as a double.
    private const double Epsilon = 1e-12f;

    /// <inheritdoc />
    public override string Name => "bce";

    /// <inheritdoc />
    protected override double Element(double prediction, double target) =>
        -(target * Math.Max(Math.Log(prediction), LogFloor) + (1.0 - target) * Math.Max(Math.Log(1.0 - prediction), LogFloor));

    /// <inheritdoc />
    protected override double ElementDerivative(double prediction, double target) =>
        (prediction - target) / Math.Max(prediction * (1.0 - prediction), Epsilon);
}
