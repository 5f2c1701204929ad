using FsCheck;
using FsCheck.Xunit;
using Functional.Core.Model;
using Functional.Core.Optim;
using static Functional.Properties.Tests.Optim.OptimTestKit;
using static Functional.Properties.Tests.TestSupport.AssertClose;

namespace Functional.Properties.Tests.Optim;

/// <summary>
/// Laws of the optimizers over random trees drawn from random seeds (1 to 3 layers, widths 1 to 4).
/// FsCheck prints the failing seed and a replay string on failure.
/// </summary>
public sealed class OptimizerProperties
{
    [Property(MaxTest = 40)]
    public void UpdateLeavesItsArgumentsUnchangedAndReturnsFreshState(DoNotSize<int> seed)
    {
        var parameters = RandomTree(seed.Item);
        foreach (var (name, optimizer) in Variants())
        {
            var state = optimizer.Init(parameters);
            var p = parameters;
            // Two warm-up steps so momentum buffers and moments are non-trivial.
            for (int t = 0; t < 2; t++)
            {
                (var warmUpdates, state) = optimizer.Update(RandomLike(p, seed.Item + t), state, p);
                p = Optimizer.ApplyUpdates(p, warmUpdates);
            }

            var gradients = RandomLike(p, seed.Item + 2);
            double[] gradientsBefore = gradients.ToFlatArray(), parametersBefore = p.ToFlatArray();
            var stateBefore = Flatten(state);

            var (updates, next) = optimizer.Update(gradients, state, p);
            _ = Optimizer.ApplyUpdates(p, updates);

            Assert.True(SameBits(gradientsBefore, gradients.ToFlatArray()), $"{name}: gradients changed");
            Assert.True(SameBits(parametersBefore, p.ToFlatArray()), $"{name}: parameters changed");
            Assert.True(SameBits(stateBefore, Flatten(state)), $"{name}: the old state changed");
            foreach (var tree in Trees(next))
            {
                Assert.False(SharesStorage(tree, gradients), $"{name}: the new state aliases the gradients");
                Assert.False(SharesStorage(tree, p), $"{name}: the new state aliases the parameters");
            }
        }
    }

    [Property(MaxTest = 40)]
    public void AdamWithZeroGradientsChangesNothing(DoNotSize<int> seed)
    {
        var parameters = RandomTree(seed.Item);
        var zeros = parameters.ZerosLike();
        foreach (var optimizer in new[] { Optimizer.Adam(), Optimizer.Adam(0.1, 0.5, 0.9, 1e-6), Optimizer.Adam(amsgrad: true) })
        {
            var state = optimizer.Init(parameters);
            var p = parameters;
            for (int t = 0; t < 3; t++)
            {
                (var updates, state) = optimizer.Update(zeros, state, p);
                p = Optimizer.ApplyUpdates(p, updates);
            }

            Assert.True(SameBits(parameters.ToFlatArray(), p.ToFlatArray()));
        }
    }

    [Property(MaxTest = 40)]
    public void AdamWWithZeroGradientsScalesEveryParameterByOneMinusLrTimesWeightDecay(DoNotSize<int> seed)
    {
        var parameters = RandomTree(seed.Item);
        var rng = new System.Random(seed.Item);
        double lr = 1e-3 + rng.NextDouble() * 0.1, weightDecay = rng.NextDouble();
        var optimizer = Optimizer.AdamW(lr, weightDecay: weightDecay);
        var state = optimizer.Init(parameters);
        var zeros = parameters.ZerosLike();
        var p = parameters;
        for (int t = 0; t < 3; t++)
        {
            var expected = p.ToFlatArray().Select(x => x * (1.0 - lr * weightDecay)).ToArray();
            (var updates, state) = optimizer.Update(zeros, state, p);
            p = Optimizer.ApplyUpdates(p, updates);
            // θ + (−γ(λθ)) and θ(1 − γλ) round differently: a few ulps apart at most.
            AllClose(expected, p.ToFlatArray(), rtol: 1e-15, atol: 0.0);
        }
    }

    [Property(MaxTest = 40)]
    public void AdamWithBeta1ZeroIsScalingByOneOverSqrtVHatPlusEps(DoNotSize<int> seed)
    {
        var parameters = RandomTree(seed.Item);
        var rng = new System.Random(seed.Item);
        double lr = 0.01, beta2 = 0.5 + 0.499 * rng.NextDouble(), eps = 1e-8;
        var optimizer = Optimizer.Adam(lr, beta1: 0.0, beta2: beta2, eps: eps);
        var state = optimizer.Init(parameters);
        var v = new double[parameters.ParameterCount];
        for (int t = 1; t <= 3; t++)
        {
            var gradients = RandomLike(parameters, seed.Item + t);
            double[] g = gradients.ToFlatArray(), expected = new double[g.Length];
            for (int i = 0; i < g.Length; i++)
            {
                v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];
                double vHat = v[i] / (1.0 - Math.Pow(beta2, t));
                expected[i] = -lr * g[i] / (Math.Sqrt(vHat) + eps);
            }

            (var updates, state) = optimizer.Update(gradients, state, parameters);
            AllClose(expected, updates.ToFlatArray(), rtol: 1e-12, atol: 1e-300);
        }
    }

    [Property(MaxTest = 25)]
    public void ChainOfIdentityAndTEqualsT(DoNotSize<int> seed)
    {
        var parameters = RandomTree(seed.Item);
        foreach (var (name, optimizer) in Variants())
        {
            var chained = Transform.Chain(Transform.Identity(), optimizer);
            TransformState s1 = optimizer.Init(parameters), s2 = chained.Init(parameters);
            var p = parameters;
            for (int t = 0; t < 3; t++)
            {
                var gradients = RandomLike(p, seed.Item + t);
                (var u1, s1) = optimizer.Update(gradients, s1, p);
                (var u2, s2) = chained.Update(gradients, s2, p);
                Assert.True(SameBits(u1.ToFlatArray(), u2.ToFlatArray()), $"{name}: step {t + 1} differs");
                p = Optimizer.ApplyUpdates(p, u1);
            }
        }
    }

    [Property(MaxTest = 40)]
    public void ClippingByNormBoundsTheGlobalNorm(DoNotSize<int> seed)
    {
        var rng = new System.Random(seed.Item);
        var gradients = RandomLike(RandomTree(seed.Item), seed.Item, scale: Math.Exp(4 * rng.NextDouble() - 2));
        double maxNorm = 0.1 + 3 * rng.NextDouble();
        var clip = Transform.ClipByGlobalNorm(maxNorm);
        var (updates, _) = clip.Update(gradients, clip.Init(gradients), gradients);
        double before = Optimizer.GlobalNorm(gradients), after = Optimizer.GlobalNorm(updates);
        Assert.True(after <= maxNorm, $"norm {after} > {maxNorm}");
        if (before <= maxNorm - 1e-6)
        {
            Assert.True(SameBits(gradients.ToFlatArray(), updates.ToFlatArray()));
        }
        else
        {
            // Scaled by max_norm / (N + 1e-6): the direction is kept.
            var expected = gradients.ToFlatArray().Select(g => g * (maxNorm / (before + 1e-6))).ToArray();
            AllClose(expected, updates.ToFlatArray(), rtol: 1e-14, atol: 0.0);
        }
    }

    [Property(MaxTest = 40)]
    public void ClippingByValueBoundsEveryEntry(DoNotSize<int> seed)
    {
        var gradients = RandomLike(RandomTree(seed.Item), seed.Item);
        double clipValue = 0.05 + new System.Random(seed.Item).NextDouble();
        var clip = Transform.ClipByValue(clipValue);
        var (updates, _) = clip.Update(gradients, clip.Init(gradients), gradients);
        var g = gradients.ToFlatArray();
        var u = updates.ToFlatArray();
        for (int i = 0; i < g.Length; i++)
        {
            Assert.Equal(Math.Abs(g[i]) <= clipValue ? g[i] : Math.CopySign(clipValue, g[i]), u[i]);
        }
    }

    private static bool SharesStorage(ParameterTree a, ParameterTree b) =>
        a.Layers.Zip(b.Layers).Any(p => ReferenceEquals(p.First.W, p.Second.W) || ReferenceEquals(p.First.B, p.Second.B));
}
