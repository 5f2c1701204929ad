using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace Functional.Properties.Tests.Optim;

/// <summary>
/// Every registered optimizer lowers the MSE of a small regression: a 1-8-1 tanh net (PyTorch's default
/// initialisation, seed 0) fitting y = sin(x) on 32 evenly spaced points of [−π, π], full batch.
/// </summary>
public sealed class ConvergenceTests(ITestOutputHelper output)
{
    private const int Steps = 300;

    // Learning rates chosen per optimizer so that 300 full-batch steps make clear progress; the registry's
    // defaults (PyTorch's) are too small for the SGD family and Adam to do much in 300 steps.
    private static readonly Dictionary<string, double> LearningRates = new()
    {
        ["sgd"] = 0.2,
        ["momentum"] = 0.05,
        ["nesterov"] = 0.05,
        ["adam"] = 0.01,
        ["amsgrad"] = 0.01,
        ["adamw"] = 0.01,
        ["rmsprop"] = 0.003,
        ["adagrad"] = 0.1,
    };

    public static TheoryData<string> Names() => [.. OptimizerSpec.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryRegisteredOptimizerLowersTheLoss(string name)
    {
        var x = Matrix<double>.Build.Dense(32, 1, (i, _) => -Math.PI + 2 * Math.PI * i / 31);
        var y = x.Map(Math.Sin);
        var model = Initializer.TorchDefault.Initialize([1, 8, 1], Mlp.UniformActivations(2, Activation.Tanh), seed: 0);
        var optimizer = (OptimizerSpec.Named(name) with { LearningRate = LearningRates[name] }).Create();
        var loss = new MseLoss();

        var state = optimizer.Init(model);
        double initial = double.NaN, last = double.NaN;
        for (int step = 0; step < Steps; step++)
        {
            var (value, gradients) = model.LossAndGradients(loss, x, y);
            if (step == 0)
            {
                initial = value;
            }

            last = value;
            (var updates, state) = optimizer.Update(gradients, state, model);
            model = Optimizer.ApplyUpdates(model, updates);
        }

        double final = loss.Value(model.Predict(x), y);
        output.WriteLine($"{name}: MSE {initial:G6} -> {final:G6} (last step {last:G6})");
        Assert.True(double.IsFinite(final), $"{name}: loss is {final}");
        Assert.True(final < 0.05 * initial, $"{name}: MSE went from {initial} to {final}, not below a twentieth");
    }
}
