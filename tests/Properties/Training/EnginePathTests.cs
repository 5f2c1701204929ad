using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Data;
using Functional.Core.Optim;
using Functional.Core.Training;
using static Functional.Properties.Tests.Optim.OptimTestKit;

namespace Functional.Properties.Tests.Training;

/// <summary>
/// The fast path is part of a transformation's value: built-in optimizers carry a kernel and train on the
/// fused path, a transformation without one (hand-made, wrapped, rebuilt with <c>with</c>) trains on the
/// reference path, the run says which, and both paths give the same bits.
/// </summary>
public class EnginePathTests
{
    public static TheoryData<string> RegistryNames => [.. OptimizerSpec.Names];

    [Theory]
    [MemberData(nameof(RegistryNames))]
    public void Every_registered_optimizer_carries_a_kernel_and_trains_on_the_fused_path(string name)
    {
        var optimizer = OptimizerSpec.Parse(name).Create();
        Assert.NotNull(optimizer.Kernel);
        var result = Trainer.Train(ReferenceTraceTests.Regression(name, 3) with { Optimizer = optimizer }, TutorialData.Generate());
        Assert.Equal(TrainingPath.Fused, result.Path);
    }

    [Fact]
    public void Every_optimizer_variant_with_options_and_schedules_carries_a_kernel()
    {
        foreach (var (name, optimizer) in Variants())
        {
            Assert.True(optimizer.Kernel is not null, $"{name}: no kernel");
        }
    }

    [Fact]
    public void The_tutorials_regression_and_xor_configurations_train_on_the_fused_path()
    {
        var regression = TutorialRuns.Regression(epochs: 3);
        var xor = TutorialRuns.Xor(epochs: 3);
        Assert.Equal(TrainingPath.Fused, Trainer.Train(regression, TutorialData.Generate()).Path);
        Assert.Equal(TrainingPath.Fused, Trainer.Train(xor, XorData.Create()).Path);
        Assert.Equal("chain(scale_by_adam, scale)", regression.Optimizer.Kernel!.Name);
        Assert.Equal("chain(scale_by_adam, add_decayed_weights, scale)", xor.Optimizer.Kernel!.Name);
    }

    [Fact]
    public void A_transformation_made_from_its_functions_or_rebuilt_with_another_function_has_no_kernel()
    {
        var adam = Optimizer.Adam(1e-3);
        UpdateFunction wrapped = (g, s, p) => adam.Update(g, s, p);
        Assert.Null(new GradientTransformation(adam.Init, adam.Update).Kernel);
        Assert.Null((adam with { Update = wrapped }).Kernel);
        Assert.Null((adam with { Init = p => adam.Init(p) }).Kernel);
        Assert.NotNull((adam with { }).Kernel);
    }

    [Fact]
    public void A_chain_has_a_kernel_exactly_when_every_part_has_one()
    {
        var custom = new GradientTransformation(static _ => EmptyState.Instance, static (g, s, _) => (g, s));
        Assert.NotNull(Transform.Chain(Transform.ScaleByAdam(), Transform.ClipByValue(1.0), Transform.ScaleByLearningRate(0.1)).Kernel);
        Assert.Null(Transform.Chain(Transform.ScaleByAdam(), custom, Transform.ScaleByLearningRate(0.1)).Kernel);
        Assert.Null(Transform.Chain(custom).Kernel);
        Assert.NotNull(Transform.Chain().Kernel);
    }

    [Fact]
    public void The_tutorials_runs_with_a_wrapped_optimizer_take_the_reference_path_and_give_the_same_bits()
    {
        foreach (var (config, data) in new[] { (TutorialRuns.Regression(epochs: 40), TutorialData.Generate()), (TutorialRuns.Xor(epochs: 200), XorData.Create()) })
        {
            var fused = Trainer.Train(config, data);
            var reference = Trainer.Train(config with { Optimizer = Wrap(config.Optimizer) }, data);
            Assert.Equal(TrainingPath.Fused, fused.Path);
            Assert.Equal(TrainingPath.Reference, reference.Path);
            Assert.Equal(TraceText.Of(fused), TraceText.Of(reference));
        }
    }

    [Property(MaxTest = 60)]
    public Property A_wrapped_optimizer_trains_on_the_reference_path_to_the_same_bits_as_the_fused_path() => Prop.ForAll(FastPathProperties.Runs, run =>
    {
        var (config, data, seed) = (run.Run.ToConfig(), run.Data, run.ToString());
        var fused = Trainer.Train(config, data);
        var reference = Trainer.Train(config with { Optimizer = Wrap(config.Optimizer) }, data);
        Assert.Equal(TrainingPath.Fused, fused.Path);
        Assert.Equal(TrainingPath.Reference, reference.Path);
        Assert.True(TraceText.Of(fused) == TraceText.Of(reference), $"{seed}: the paths differ");
    });

    [Fact]
    public void The_straightforward_fold_reports_the_reference_path()
    {
        var config = ReferenceTraceTests.Regression("adam:lr=1e-3", 2);
        Assert.Equal(TrainingPath.Reference, Trainer.ContinueReference(config, TutorialData.Generate(), Trainer.Start(config)).Path);
    }

    // The same functions behind new delegates: what a user gets by wrapping Update in a lambda (to log, say).
    private static GradientTransformation Wrap(GradientTransformation t) =>
        new(p => t.Init(p), (g, s, p) => t.Update(g, s, p));
}
