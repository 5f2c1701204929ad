using Functional.Core.Losses;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.Losses;

public class LossTests
{
    private static Matrix<double> Column(params double[] values) => Matrix<double>.Build.DenseOfColumnArrays(values);

    // Two samples, predictions p = [1, 2], targets t = [0, 4]: residuals d = [1, -2], n = 2.
    [Fact]
    public void Mse_by_hand()
    {
        var loss = new MseLoss();
        Assert.Equal((1.0 + 4.0) / 2, loss.Value(Column(1, 2), Column(0, 4)));
        // d/dp mean(d²) = 2d/n = [1, -2]
        Assert.Equal([1.0, -2.0], loss.Gradient(Column(1, 2), Column(0, 4)).ToColumnMajorArray());
    }

    [Fact]
    public void Mae_by_hand()
    {
        var loss = new MaeLoss();
        Assert.Equal((1.0 + 2.0) / 2, loss.Value(Column(1, 2), Column(0, 4)));
        Assert.Equal([0.5, -0.5], loss.Gradient(Column(1, 2), Column(0, 4)).ToColumnMajorArray());
        Assert.Equal([0.0], loss.Gradient(Column(3), Column(3)).ToColumnMajorArray()); // sign(0) = 0, as torch
    }

    [Fact]
    public void Huber_by_hand()
    {
        // delta 1: |d| = 1 is not < 1, so delta(|d| - delta/2) = 0.5; |d| = 2 gives 1.5; mean 1.0.
        var loss = new HuberLoss(1.0);
        Assert.Equal(1.0, loss.Value(Column(1, 2), Column(0, 4)));
        // gradient: delta·sign(d)/n = [0.5, -0.5]; inside the quadratic zone d/n: d = 0.5 gives 0.25
        Assert.Equal([0.5, -0.5], loss.Gradient(Column(1, 2), Column(0, 4)).ToColumnMajorArray());
        Assert.Equal(0.125, loss.Value(Column(0.5), Column(0.0)));
        Assert.Equal([0.5], loss.Gradient(Column(0.5), Column(0.0)).ToColumnMajorArray());
    }

    [Fact]
    public void Huber_with_delta_zero_is_zero_with_a_zero_gradient_even_at_a_zero_residual()
    {
        // delta 0: no residual is inside the quadratic zone (|d| < 0 never holds), so the loss is
        // 0·(|d| − 0) = 0 and its gradient 0·sign(d)/n = 0 everywhere, at d = 0 too (sign(0) = 0).
        var loss = new HuberLoss(0.0);
        Assert.Equal(0.0, loss.Value(Column(3, -1, 2), Column(3, 1, 0.5)));
        Assert.Equal([0.0, 0.0, 0.0], loss.Gradient(Column(3, -1, 2), Column(3, 1, 0.5)).ToColumnMajorArray());
    }

    [Fact]
    public void Huber_with_an_infinite_delta_takes_pytorchs_linear_branch_at_an_infinite_residual()
    {
        // PyTorch 1.13, nn.HuberLoss(delta=inf) in float64: |d| = inf is not < delta, so the loss is
        // delta·(|d| − delta/2) = inf·(inf − inf) = nan, and the gradient delta·sign(d) = ±inf; a finite residual
        // stays quadratic (d = 1: loss 0.5, gradient 1).
        var loss = new HuberLoss(double.PositiveInfinity);
        Assert.Equal(double.NaN, loss.Value(Column(double.PositiveInfinity), Column(0)));
        Assert.Equal(double.NaN, loss.Value(Column(double.NegativeInfinity), Column(0)));
        Assert.Equal([double.PositiveInfinity], loss.Gradient(Column(double.PositiveInfinity), Column(0)).ToColumnMajorArray());
        Assert.Equal([double.NegativeInfinity], loss.Gradient(Column(double.NegativeInfinity), Column(0)).ToColumnMajorArray());
        Assert.Equal(0.5, loss.Value(Column(1), Column(0)));
        Assert.Equal([1.0], loss.Gradient(Column(1), Column(0)).ToColumnMajorArray());
    }

    [Fact]
    public void Bce_by_hand()
    {
        // -(ln 0.8) and -(ln 0.75), mean 0.2554128118829953 (CPython math.log).
        var loss = new BceLoss();
        Assert.Equal(0.2554128118829953, loss.Value(Column(0.8, 0.25), Column(1, 0)), 15);
        // d/dp = (p - t) / (p(1 - p)) / n: (0.8-1)/(0.16)/2 = -0.625; 0.25/(0.1875)/2 = 0.6666…
        var g = loss.Gradient(Column(0.8, 0.25), Column(1, 0)).ToColumnMajorArray();
        Assert.Equal(-0.625, g[0], 14);
        Assert.Equal(2.0 / 3.0, g[1], 14);
        // PyTorch clamps log at -100, so certainty that is wrong costs 100, not infinity.
        Assert.Equal(100.0, loss.Value(Column(0.0), Column(1.0)));
    }

    [Fact]
    public void Bce_gradient_clamps_p_times_one_minus_p_at_the_float_epsilon_pytorch_uses()
    {
        // ATen's EPSILON is the float 1e-12, 9.999999960041972e-13 as a double: PyTorch 1.13 gives
        // -1000000003995.8029 at p = 0, t = 1 (not -1e12).
        Assert.Equal(-1000000003995.8029, new BceLoss().Gradient(Column(0.0), Column(1.0))[0, 0]);
    }

    [Fact]
    public void Bce_with_logits_by_hand()
    {
        // x = 0, t = 1: ln 2; x = 2, t = 0: 2 + ln(1 + e^-2); mean 1.410037595801459.
        var loss = new BceWithLogitsLoss();
        Assert.Equal(1.410037595801459, loss.Value(Column(0, 2), Column(1, 0)), 15);
        // d/dx = (sigmoid(x) - t)/n: (0.5 - 1)/2, (0.8807970779778823 - 0)/2
        var g = loss.Gradient(Column(0, 2), Column(1, 0)).ToColumnMajorArray();
        Assert.Equal(-0.25, g[0], 15);
        Assert.Equal(0.8807970779778823 / 2, g[1], 15);
        // Stable for large logits: no overflow, loss ≈ |x| when wrong.
        Assert.Equal(1000.0, loss.Value(Column(-1000), Column(1)));
    }

    [Fact]
    public void Shapes_must_match()
    {
        var e = Assert.Throws<ArgumentException>(() => new MseLoss().Value(Column(1, 2), Column(1)));
        Assert.Contains("(2, 1)", e.Message);
        Assert.Contains("(1, 1)", e.Message);
    }

    [Fact]
    public void Parse_lists_valid_names()
    {
        Assert.IsType<HuberLoss>(Loss.Parse("huber:0.5"));
        Assert.Equal(0.5, ((HuberLoss)Loss.Parse("huber:0.5")).Delta);
        var e = Assert.Throws<FormatException>(() => Loss.Parse("hinge"));
        Assert.Contains("mse, mae, huber, bce, bce_logits", e.Message);
    }
}
