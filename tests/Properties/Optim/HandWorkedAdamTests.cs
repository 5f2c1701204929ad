using Functional.Core.Optim;
using static Functional.Properties.Tests.Optim.OptimTestKit;
using static Functional.Properties.Tests.TestSupport.AssertClose;

namespace Functional.Properties.Tests.Optim;

/// <summary>
/// Three steps of Adam, AMSGrad and AdamW on a 1-2-1 net (7 parameters) with fixed gradients, against the
/// pseudocode of <c>torch.optim.Adam</c> / <c>AdamW</c> worked element by element with plain doubles in
/// the test (m, v, m̂, v̂ step by step), independent of the transforms under test.
/// </summary>
public sealed class HandWorkedAdamTests
{
    internal static readonly double[] Theta0 = [0.5, -0.3, 0.1, 0.2, -0.7, 0.4, 0.05];

    // Step 1 has a zero gradient entry (index 3); entry 6 shrinks after step 1, so AMSGrad's max matters.
    internal static readonly double[][] Grads =
    [
        [0.2, -0.1, 0.05, 0.0, -0.3, 0.15, 0.4],
        [-0.4, 0.3, 0.05, 0.2, 0.1, -0.25, -0.1],
        [0.1, 0.5, -0.02, -0.3, 0.2, 0.05, 0.3],
    ];

    [Fact]
    public void AdamFirstStepMovesEachParameterByLrTimesGOverAbsGPlusEps()
    {
        // Step 1: m = 0.1·g, v = 0.001·g², m̂ = g, v̂ = g², so θ1 = θ0 − lr·g / (|g| + ε).
        var p = Run(Optimizer.Adam(0.01), Net121(Theta0), Grads[0]);
        // θ1[0] = 0.5 − 0.01·0.2 / (0.2 + 1e-8) = 0.5 − 0.002 / 0.20000001 = 0.5 − 0.0099999995000000250
        Assert.Equal(0.4900000004999999750, p[0][0], 15);
        // g = 0 leaves the parameter where it was: m̂ = 0, so the step is 0 / (0 + ε) = 0.
        Assert.Equal(0.2, p[0][3]);
    }

    [Fact]
    public void Adam()
    {
        var expected = TorchAdam(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.0, amsgrad: false, decoupled: false);
        var actual = Run(Optimizer.Adam(0.01), Net121(Theta0), Grads);
        AssertTrajectory(expected, actual);
    }

    [Fact]
    public void AdamWithCoupledWeightDecay()
    {
        var expected = TorchAdam(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, amsgrad: false, decoupled: false);
        AssertTrajectory(expected, Run(Optimizer.Adam(0.01, weightDecay: 0.1), Net121(Theta0), Grads));
    }

    [Fact]
    public void Amsgrad()
    {
        // β2 = 0.5 makes v forget fast: entry 6 has v1 = 0.5·0.16 = 0.08, v2 = 0.04 + 0.005 = 0.045,
        // v3 = 0.0225 + 0.045 = 0.0675, so v_max stays 0.08 and AMSGrad departs from Adam from step 2 on.
        var expected = TorchAdam(lr: 0.01, beta1: 0.9, beta2: 0.5, eps: 1e-8, weightDecay: 0.0, amsgrad: true, decoupled: false);
        var actual = Run(Optimizer.Adam(0.01, beta2: 0.5, amsgrad: true), Net121(Theta0), Grads);
        AssertTrajectory(expected, actual);

        var adam = TorchAdam(lr: 0.01, beta1: 0.9, beta2: 0.5, eps: 1e-8, weightDecay: 0.0, amsgrad: false, decoupled: false);
        Assert.True(Math.Abs(adam[2][6] - actual[2][6]) > 1e-6, "the case should distinguish AMSGrad from Adam");
    }

    [Fact]
    public void AdamW()
    {
        var expected = TorchAdam(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, amsgrad: false, decoupled: true);
        AssertTrajectory(expected, Run(Optimizer.AdamW(0.01, weightDecay: 0.1), Net121(Theta0), Grads));
    }

    [Fact]
    public void AdamWDefaultsMatchTorch()
    {
        // torch.optim.AdamW defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0.01.
        var expected = TorchAdam(lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, amsgrad: false, decoupled: true);
        AssertTrajectory(expected, Run(Optimizer.AdamW(), Net121(Theta0), Grads));
        AssertTrajectory(expected, Run(OptimizerSpec.Parse("adamw").Create(), Net121(Theta0), Grads));
    }

    [Fact]
    public void AmsgradFromTheRegistry()
    {
        var expected = TorchAdam(lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.0, amsgrad: true, decoupled: false);
        AssertTrajectory(expected, Run(OptimizerSpec.Parse("amsgrad").Create(), Net121(Theta0), Grads));
    }

    internal static void AssertTrajectory(double[][] expected, double[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int t = 0; t < expected.Length; t++)
        {
            AllClose(expected[t], actual[t], rtol: 1e-12, atol: 1e-15);
        }
    }

    /// <summary>
    /// torch.optim.Adam / AdamW's documented algorithm, one parameter at a time:
    /// (AdamW) θ ← θ − γλθ; (Adam, λ ≠ 0) g ← g + λθ; m ← β1 m + (1 − β1) g; v ← β2 v + (1 − β2) g²;
    /// m̂ = m / (1 − β1^t); v_max ← max(v_max, v) and v̂ = v_max / (1 − β2^t) (AMSGrad) or v̂ = v / (1 − β2^t);
    /// θ ← θ − γ m̂ / (√v̂ + ε).
    /// </summary>
    private static double[][] TorchAdam(double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool decoupled)
    {
        int n = Theta0.Length;
        double[] theta = (double[])Theta0.Clone(), m = new double[n], v = new double[n], vMax = new double[n];
        var trajectory = new double[Grads.Length][];
        for (int t = 1; t <= Grads.Length; t++)
        {
            for (int i = 0; i < n; i++)
            {
                double g = Grads[t - 1][i];
                if (decoupled)
                {
                    theta[i] *= 1.0 - lr * weightDecay;
                }
                else if (weightDecay != 0.0)
                {
                    g += weightDecay * theta[i];
                }

                m[i] = beta1 * m[i] + (1.0 - beta1) * g;
                v[i] = beta2 * v[i] + (1.0 - beta2) * g * g;
                double mHat = m[i] / (1.0 - Math.Pow(beta1, t));
                double vHat;
                if (amsgrad)
                {
                    vMax[i] = Math.Max(vMax[i], v[i]);
                    vHat = vMax[i] / (1.0 - Math.Pow(beta2, t));
                }
                else
                {
                    vHat = v[i] / (1.0 - Math.Pow(beta2, t));
                }

                theta[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }

            trajectory[t - 1] = (double[])theta.Clone();
        }

        return trajectory;
    }
}
