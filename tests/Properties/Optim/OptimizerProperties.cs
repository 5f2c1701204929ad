using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Properties.Tests.TestSupport;
using static Functional.Properties.Tests.Optim.OptimTestKit;
using static Functional.Properties.Tests.TestSupport.AssertClose;

namespace Functional.Properties.Tests.Optim;

/// <summary>
/// Laws of the optimizers over generated trees (1 to 3 layers, widths 1 to 4) and gradients shaped like them.
/// FsCheck shrinks a failing case and prints it with a replay string.
/// </summary>
public sealed class OptimizerProperties
{
    [Property(MaxTest = 40)]
    public Property UpdateLeavesItsArgumentsUnchangedAndReturnsFreshState() => Prop.ForAll(TreesOf(4), trees =>
    {
        var parameters = trees[0];
        foreach (var (name, optimizer) in Variants())
        {
            var state = optimizer.Init(parameters);
            var p = parameters;
            // Two warm-up steps so momentum buffers and moments are non-trivial.
            for (int t = 0; t < 2; t++)
            {
                (var warmUpdates, state) = optimizer.Update(trees[1 + t], state, p);
                p = Optimizer.ApplyUpdates(p, warmUpdates);
            }

            var gradients = trees[3];
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
    });

    [Property(MaxTest = 40)]
    public Property AdamWithZeroGradientsChangesNothing() => Prop.ForAll(TreesOf(1), trees =>
    {
        var parameters = trees[0];
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
    });

    [Property(MaxTest = 40)]
    public Property AdamWWithZeroGradientsScalesEveryParameterByOneMinusLrTimesWeightDecay() =>
        Prop.ForAll(TreesOf(1), Generators.Between(1e-3, 0.101), Generators.Between(0.0, 1.0), (trees, lr, weightDecay) =>
    {
        var parameters = trees[0];
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
    });

    [Property(MaxTest = 40)]
    public Property AdamWithBeta1ZeroIsScalingByOneOverSqrtVHatPlusEps() => Prop.ForAll(TreesOf(4), Generators.Between(0.5, 0.999), (trees, beta2) =>
    {
        var parameters = trees[0];
        double lr = 0.01, eps = 1e-8;
        var optimizer = Optimizer.Adam(lr, beta1: 0.0, beta2: beta2, eps: eps);
        var state = optimizer.Init(parameters);
        var v = new double[parameters.ParameterCount];
        for (int t = 1; t <= 3; t++)
        {
            var gradients = trees[t];
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
    });

    [Property(MaxTest = 25)]
    public Property ChainOfIdentityAndTEqualsT() => Prop.ForAll(TreesOf(4), trees =>
    {
        var parameters = trees[0];
        foreach (var (name, optimizer) in Variants())
        {
            var chained = Transform.Chain(Transform.Identity(), optimizer);
            TransformState s1 = optimizer.Init(parameters), s2 = chained.Init(parameters);
            var p = parameters;
            for (int t = 0; t < 3; t++)
            {
                var gradients = trees[1 + t];
                (var u1, s1) = optimizer.Update(gradients, s1, p);
                (var u2, s2) = chained.Update(gradients, s2, p);
                Assert.True(SameBits(u1.ToFlatArray(), u2.ToFlatArray()), $"{name}: step {t + 1} differs");
                p = Optimizer.ApplyUpdates(p, u1);
            }
        }
    });

    [Property(MaxTest = 40)]
    public Property ClippingByNormBoundsTheGlobalNorm() =>
        Prop.ForAll(TreesOf(1), Generators.Between(-2.0, 2.0), Generators.Between(0.1, 3.1), (trees, logScale, maxNorm) =>
    {
        // Entries up to 3·e² or down to 3·e⁻²: norms both above and below maxNorm.
        var gradients = trees[0].Map(g => g * Math.Exp(logScale));
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
    });

    [Property(MaxTest = 40)]
    public Property ClippingByValueBoundsEveryEntry() => Prop.ForAll(TreesOf(1), Generators.Between(0.05, 1.05), (trees, clipValue) =>
    {
        var gradients = trees[0];
        var clip = Transform.ClipByValue(clipValue);
        var (updates, _) = clip.Update(gradients, clip.Init(gradients), gradients);
        var g = gradients.ToFlatArray();
        var u = updates.ToFlatArray();
        for (int i = 0; i < g.Length; i++)
        {
            Assert.Equal(Math.Abs(g[i]) <= clipValue ? g[i] : Math.CopySign(clipValue, g[i]), u[i]);
        }
    });

    // A parameter tree and gradients of its shape, entries uniform in [-3, 3].
    private static Arbitrary<Mlp[]> TreesOf(int count) => Generators.Trees(count, Generators.Ordinary, Generators.Ordinary);

    private static bool SharesStorage(ParameterTree a, ParameterTree b) =>
        a.Layers.Zip(b.Layers).Any(p => ReferenceEquals(p.First.W, p.Second.W) || ReferenceEquals(p.First.B, p.Second.B));
}
