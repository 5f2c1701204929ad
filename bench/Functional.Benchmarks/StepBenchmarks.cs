using BenchmarkDotNet.Attributes;
using Functional.Core.Data;
using Functional.Core.Engine;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Training;

namespace Functional.Benchmarks;

/// <summary>
/// One training step, the forward pass and the backward pass, on the fused engine's kernels, the
/// straightforward MathNet path (<see cref="TrainingStep.Step"/>) and the plain-array baseline, for the
/// tutorial's net and wider, deeper and larger-batch variants.
/// </summary>
[MemoryDiagnoser]
public class StepBenchmarks
{
    private TrainingWorkspace workspace = null!;
    private UpdateKernel kernel = null!;
    private double[] parameters = null!;
    private double[] x = null!, y = null!;
    private int[] batch = null!;
    private int count;
    private Loss loss = null!;
    private Mlp model = null!;
    private GradientTransformation optimizer = null!;
    private TransformState state = null!;
    private Dataset batchData = null!;
    private PlainBaseline plain = null!;

    /// <summary>Layout and batch size: the tutorial's net, then wider, deeper and with a larger batch.</summary>
    [Params("1-10-10-10-1 x25", "1-10-10-10-1 x100", "1-32-32-1 x25", "1-64-64-1 x25", "1-64-64-1 x100", "1-32-32-32-32-1 x25")]
    public string Net { get; set; } = "1-10-10-10-1 x25";

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Net.Split(" x");
        string layout = parts[0].Replace('-', ',');
        int size = int.Parse(parts[1]);
        var config = Nets.Config(layout, size, 1);
        var data = Nets.Data(Math.Max(100, size));
        var start = Trainer.Start(config);
        model = start.Model;
        optimizer = config.Optimizer;
        state = start.OptimizerState;
        loss = config.Loss;
        count = data.Count;
        x = data.X.Storage;
        y = data.Y.Storage;
        batch = Batching.EpochOrder(count, true, 42, 0)[..size];
        batchData = data.Rows(batch);
        workspace = new TrainingWorkspace(model.Layout, model.Activations, size);
        kernel = UpdateKernels.TryCreate(optimizer, state, model)!;
        parameters = UpdateKernels.Flatten(model);
        plain = new PlainBaseline([.. config.Layout], size, 1e-4);
        workspace.GatherInPlace(x, y, count, batch);
        workspace.LossAndGradientsInPlace(parameters, loss);
    }

    /// <summary>The fused engine's step: gather, forward, loss, backward, Adam, apply.</summary>
    [Benchmark(Baseline = true)]
    public void FusedStep()
    {
        workspace.GatherInPlace(x, y, count, batch);
        workspace.LossAndGradientsInPlace(parameters, loss);
        kernel.StepInPlace(workspace.Gradients, parameters);
    }

    /// <summary>The fused forward pass (packing the weights, the layers, the loss value).</summary>
    [Benchmark]
    public double FusedForward()
    {
        workspace.PackInPlace(parameters);
        workspace.ForwardInPlace();
        return workspace.LossInPlace(loss, gradient: true);
    }

    /// <summary>The fused backward pass (after the forward pass of the setup; the loss gradient is refreshed first).</summary>
    [Benchmark]
    public void FusedBackward()
    {
        workspace.LossInPlace(loss, gradient: true);
        workspace.BackwardInPlace();
    }

    /// <summary>The straightforward pure step on MathNet matrices, as the reference fold runs it.</summary>
    [Benchmark]
    public StepResult ReferenceStep() => TrainingStep.Step(model, optimizer, state, batchData, loss);

    /// <summary>The straightforward forward pass on MathNet matrices.</summary>
    [Benchmark]
    public ForwardPass ReferenceForward() => model.Forward(batchData.X);

    /// <summary>The plain-array baseline's step (the speed reference; allocation-free scalar loops).</summary>
    [Benchmark]
    public double PlainStep() => plain.Step(x, y, count, batch);
}
