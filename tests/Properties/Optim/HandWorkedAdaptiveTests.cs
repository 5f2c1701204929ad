using Functional.Core.Optim;
using static Functional.Properties.Tests.Optim.HandWorkedAdamTests;
using static Functional.Properties.Tests.Optim.OptimTestKit;

namespace Functional.Properties.Tests.Optim;

/// <summary>
/// Three steps of RMSprop (plain; centred with momentum and weight decay) and Adagrad (with lr decay and an
/// initial accumulator) on the 1-2-1 net and gradients of <see cref="HandWorkedAdamTests"/>, against the
/// pseudocode of <c>torch.optim.RMSprop</c> and <c>torch.optim.Adagrad</c> worked with plain doubles.
/// </summary>
public sealed class HandWorkedAdaptiveTests
{
    [Fact]
    public void RmsPropFirstStep()
    {
        // v1 = (1 − α)·g² = 0.1·0.04 = 0.004; θ1 = 0.5 − 0.01·0.2 / (√0.004 + 1e-8)
        //    = 0.5 − 0.002 / 0.063245563 = 0.5 − 0.031622772 (to 9 places)
        var p = Run(Optimizer.RmsProp(0.01, alpha: 0.9), Net121(Theta0), Grads[0]);
        Assert.Equal(0.468377228, p[0][0], 9);
    }

    [Fact]
    public void RmsProp()
    {
        var expected = TorchRmsProp(lr: 0.01, alpha: 0.9, eps: 1e-8, weightDecay: 0.0, momentum: 0.0, centered: false);
        AssertTrajectory(expected, Run(Optimizer.RmsProp(0.01, alpha: 0.9), Net121(Theta0), Grads));
    }

    [Fact]
    public void RmsPropDefaultsMatchTorch()
    {
        // torch.optim.RMSprop defaults: lr 0.01, alpha 0.99, eps 1e-8, no decay, no momentum, not centred.
        var expected = TorchRmsProp(lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0.0, momentum: 0.0, centered: false);
        AssertTrajectory(expected, Run(Optimizer.RmsProp(), Net121(Theta0), Grads));
        AssertTrajectory(expected, Run(OptimizerSpec.Parse("rmsprop").Create(), Net121(Theta0), Grads));
    }

    [Fact]
    public void RmsPropCenteredWithMomentumAndWeightDecay()
    {
        var expected = TorchRmsProp(lr: 0.01, alpha: 0.9, eps: 1e-8, weightDecay: 0.05, momentum: 0.5, centered: true);
        var actual = Run(Optimizer.RmsProp(0.01, alpha: 0.9, weightDecay: 0.05, momentum: 0.5, centered: true), Net121(Theta0), Grads);
        AssertTrajectory(expected, actual);
    }

    [Fact]
    public void AdagradFirstStep()
    {
        // sum1 = 0.1 + 0.2² = 0.14; γ̃1 = 0.1 / (1 + 0·0.5) = 0.1; θ1 = 0.5 − 0.1·0.2 / (√0.14 + 1e-10)
        //      = 0.5 − 0.02 / 0.374165739 = 0.5 − 0.053452248 (to 9 places)
        var p = Run(Optimizer.Adagrad(0.1, learningRateDecay: 0.5, initialAccumulatorValue: 0.1), Net121(Theta0), Grads[0]);
        Assert.Equal(0.446547752, p[0][0], 9);
    }

    [Fact]
    public void AdagradWithLrDecay()
    {
        var expected = TorchAdagrad(lr: 0.1, lrDecay: 0.5, weightDecay: 0.0, initialAccumulator: 0.1, eps: 1e-10);
        var actual = Run(Optimizer.Adagrad(0.1, learningRateDecay: 0.5, initialAccumulatorValue: 0.1), Net121(Theta0), Grads);
        AssertTrajectory(expected, actual);
        var parsed = OptimizerSpec.Parse("adagrad:lr=0.1,lr_decay=0.5,initial_accumulator_value=0.1").Create();
        AssertTrajectory(expected, Run(parsed, Net121(Theta0), Grads));
    }

    [Fact]
    public void AdagradWithWeightDecayAndDefaults()
    {
        // torch.optim.Adagrad defaults: lr 0.01, lr_decay 0, initial_accumulator_value 0, eps 1e-10.
        var expected = TorchAdagrad(lr: 0.01, lrDecay: 0.0, weightDecay: 0.2, initialAccumulator: 0.0, eps: 1e-10);
        AssertTrajectory(expected, Run(Optimizer.Adagrad(weightDecay: 0.2), Net121(Theta0), Grads));
    }

    /// <summary>
    /// torch.optim.RMSprop's documented algorithm, one parameter at a time: (λ ≠ 0) g ← g + λθ;
    /// v ← α v + (1 − α) g²; ṽ = v, or centred: g_ave ← α g_ave + (1 − α) g, ṽ = v − g_ave²;
    /// μ &gt; 0: b ← μ b + g / (√ṽ + ε), θ ← θ − γ b; else θ ← θ − γ g / (√ṽ + ε).
    /// </summary>
    private static double[][] TorchRmsProp(double lr, double alpha, double eps, double weightDecay, double momentum, bool centered)
    {
        int n = Theta0.Length;
        double[] theta = (double[])Theta0.Clone(), v = new double[n], gAve = new double[n], b = new double[n];
        var trajectory = new double[Grads.Length][];
        for (int t = 1; t <= Grads.Length; t++)
        {
            for (int i = 0; i < n; i++)
            {
                double g = Grads[t - 1][i];
                if (weightDecay != 0.0)
                {
                    g += weightDecay * theta[i];
                }

                v[i] = alpha * v[i] + (1.0 - alpha) * g * g;
                double vTilde = v[i];
                if (centered)
                {
                    gAve[i] = alpha * gAve[i] + (1.0 - alpha) * g;
                    vTilde -= gAve[i] * gAve[i];
                }

                if (momentum > 0.0)
                {
                    b[i] = momentum * b[i] + g / (Math.Sqrt(vTilde) + eps);
                    theta[i] -= lr * b[i];
                }
                else
                {
                    theta[i] -= lr * g / (Math.Sqrt(vTilde) + eps);
                }
            }

            trajectory[t - 1] = (double[])theta.Clone();
        }

        return trajectory;
    }

    /// <summary>
    /// torch.optim.Adagrad's documented algorithm, one parameter at a time: γ̃ = γ / (1 + (t − 1) η);
    /// (λ ≠ 0) g ← g + λθ; sum ← sum + g²; θ ← θ − γ̃ g / (√sum + ε); sum starts at the initial value.
    /// </summary>
    private static double[][] TorchAdagrad(double lr, double lrDecay, double weightDecay, double initialAccumulator, double eps)
    {
        int n = Theta0.Length;
        double[] theta = (double[])Theta0.Clone(), sum = new double[n];
        Array.Fill(sum, initialAccumulator);
        var trajectory = new double[Grads.Length][];
        for (int t = 1; t <= Grads.Length; t++)
        {
            double clr = lr / (1.0 + (t - 1) * lrDecay);
            for (int i = 0; i < n; i++)
            {
                double g = Grads[t - 1][i];
                if (weightDecay != 0.0)
                {
                    g += weightDecay * theta[i];
                }

                sum[i] += g * g;
                theta[i] -= clr * g / (Math.Sqrt(sum[i]) + eps);
            }

            trajectory[t - 1] = (double[])theta.Clone();
        }

        return trajectory;
    }
}
