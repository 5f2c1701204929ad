using Functional.Core.Optim;
using static Functional.Properties.Tests.Optim.OptimTestKit;
using static Functional.Properties.Tests.TestSupport.AssertClose;

namespace Functional.Properties.Tests.Optim;

/// <summary>
/// Three SGD steps on a 1-1 net θ = [w, b] = [0.5, −0.3] with lr γ = 0.1 and fixed gradients
/// g1 = [0.2, −0.1], g2 = [−0.4, 0.3], g3 = [0.1, 0.5], worked by hand from the pseudocode of
/// <c>torch.optim.SGD</c>. The arithmetic is in the comments; the numbers are literal.
/// </summary>
public sealed class HandWorkedSgdTests
{
    private static readonly double[] G1 = [0.2, -0.1];
    private static readonly double[] G2 = [-0.4, 0.3];
    private static readonly double[] G3 = [0.1, 0.5];

    private static double[][] Steps(GradientTransformation optimizer) => Run(optimizer, Net11(0.5, -0.3), G1, G2, G3);

    [Fact]
    public void PlainSgd()
    {
        var p = Steps(Optimizer.Sgd(0.1));
        AllClose([0.48, -0.29], p[0]);  // 0.5 − 0.1·0.2, −0.3 − 0.1·(−0.1)
        AllClose([0.52, -0.32], p[1]);  // 0.48 − 0.1·(−0.4), −0.29 − 0.1·0.3
        AllClose([0.51, -0.37], p[2]);  // 0.52 − 0.1·0.1, −0.32 − 0.1·0.5
    }

    [Fact]
    public void SgdMomentum()
    {
        var p = Steps(Optimizer.Sgd(0.1, momentum: 0.9));
        // b1 = g1 = [0.2, −0.1]; θ1 = θ0 − 0.1·b1
        AllClose([0.48, -0.29], p[0]);
        // b2 = 0.9·b1 + g2 = [0.18 − 0.4, −0.09 + 0.3] = [−0.22, 0.21]; θ2 = [0.48 + 0.022, −0.29 − 0.021]
        AllClose([0.502, -0.311], p[1]);
        // b3 = 0.9·b2 + g3 = [−0.198 + 0.1, 0.189 + 0.5] = [−0.098, 0.689]; θ3 = [0.502 + 0.0098, −0.311 − 0.0689]
        AllClose([0.5118, -0.3799], p[2]);
    }

    [Fact]
    public void SgdMomentumWithDampeningSkipsDampeningOnTheFirstStep()
    {
        var p = Steps(Optimizer.Sgd(0.1, momentum: 0.9, dampening: 0.5));
        // b1 = g1 (no dampening on step 1) = [0.2, −0.1]; θ1 = [0.48, −0.29]
        AllClose([0.48, -0.29], p[0]);
        // b2 = 0.9·b1 + 0.5·g2 = [0.18 − 0.2, −0.09 + 0.15] = [−0.02, 0.06]; θ2 = [0.48 + 0.002, −0.29 − 0.006]
        AllClose([0.482, -0.296], p[1]);
        // b3 = 0.9·b2 + 0.5·g3 = [−0.018 + 0.05, 0.054 + 0.25] = [0.032, 0.304]; θ3 = [0.482 − 0.0032, −0.296 − 0.0304]
        AllClose([0.4788, -0.3264], p[2]);
    }

    [Fact]
    public void Nesterov()
    {
        var p = Steps(Optimizer.Sgd(0.1, momentum: 0.9, nesterov: true));
        // b1 = g1; d1 = g1 + 0.9·b1 = [0.38, −0.19]; θ1 = [0.5 − 0.038, −0.3 + 0.019]
        AllClose([0.462, -0.281], p[0]);
        // b2 = [−0.22, 0.21]; d2 = g2 + 0.9·b2 = [−0.4 − 0.198, 0.3 + 0.189] = [−0.598, 0.489]
        // θ2 = [0.462 + 0.0598, −0.281 − 0.0489]
        AllClose([0.5218, -0.3299], p[1]);
        // b3 = [−0.098, 0.689]; d3 = g3 + 0.9·b3 = [0.1 − 0.0882, 0.5 + 0.6201] = [0.0118, 1.1201]
        // θ3 = [0.5218 − 0.00118, −0.3299 − 0.11201]
        AllClose([0.52062, -0.44191], p[2]);
    }

    [Fact]
    public void SgdWeightDecayIsAddedToTheGradient()
    {
        var p = Steps(Optimizer.Sgd(0.1, weightDecay: 0.1));
        // d1 = g1 + 0.1·θ0 = [0.2 + 0.05, −0.1 − 0.03] = [0.25, −0.13]; θ1 = [0.5 − 0.025, −0.3 + 0.013]
        AllClose([0.475, -0.287], p[0]);
        // d2 = g2 + 0.1·θ1 = [−0.4 + 0.0475, 0.3 − 0.0287] = [−0.3525, 0.2713]; θ2 = [0.475 + 0.03525, −0.287 − 0.02713]
        AllClose([0.51025, -0.31413], p[1]);
        // d3 = g3 + 0.1·θ2 = [0.1 + 0.051025, 0.5 − 0.031413] = [0.151025, 0.468587]
        // θ3 = [0.51025 − 0.0151025, −0.31413 − 0.0468587]
        AllClose([0.4951475, -0.3609887], p[2]);
    }

    [Fact]
    public void RegistryNamesBuildTheSameSgdVariants()
    {
        AllClose([0.5118, -0.3799], Steps(OptimizerSpec.Parse("momentum:lr=0.1").Create())[2]);
        AllClose([0.52062, -0.44191], Steps(OptimizerSpec.Parse("nesterov:lr=0.1").Create())[2]);
        AllClose([0.51, -0.37], Steps(OptimizerSpec.Parse("sgd:lr=0.1").Create())[2]);
    }

    [Fact]
    public void NesterovNeedsMomentumAndNoDampening()
    {
        Assert.Throws<ArgumentException>(() => Optimizer.Sgd(0.1, nesterov: true));
        Assert.Throws<ArgumentException>(() => Optimizer.Sgd(0.1, momentum: 0.9, dampening: 0.1, nesterov: true));
    }
}
