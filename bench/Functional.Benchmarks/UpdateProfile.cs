using System.Diagnostics;
using Functional.Core.Data;
using Functional.Core.Optim;
using Functional.Core.Training;

namespace Functional.Benchmarks;

internal static class UpdateProfile
{
    public static void Run()
    {
        var data = Nets.Data();
        var config = Nets.Config("1,10,10,10,1", 25, 3000);
        var result = Trainer.Train(config, data);
        var model = result.Model;
        var ws = new TrainingWorkspace(model.Layout, model.Activations, 25);
        var p = UpdateKernels.Flatten(model);
        int[] order = Batching.EpochOrder(100, true, 42, 3000);
        ws.GatherInPlace(data.X.AsColumnMajorArray(), data.Y.AsColumnMajorArray(), 100, order.AsSpan(0, 25));
        ws.LossAndGradientsInPlace(p, config.Loss);
        var g = (double[])ws.Gradients.Clone();
        Console.WriteLine($"zero gradients: {g.Count(v => v == 0)}, tiny gradients: {g.Count(SubnormalArithmetic.IsTiny)}");
        var chain = (ChainState)result.State.OptimizerState;
        var kernel = UpdateKernels.TryCreate(config.Optimizer, chain, model)!;
        var adam = UpdateKernels.TryCreate(Transform.ScaleByAdam(), chain.States[0], model)!;
        var u = new double[g.Length];
        var q = (double[])p.Clone();
        Time("Adam kernel alone", () => { Array.Copy(g, u, g.Length); adam.UpdateInPlace(u, p); });
        Array.Copy(g, u, g.Length);
        adam.UpdateInPlace(u, p);
        Console.WriteLine($"tiny u after Adam: {u.Count(SubnormalArithmetic.IsTiny)}");
        var u0 = (double[])u.Clone();
        Time("scale by -lr", () => { Array.Copy(u0, u, u.Length); UpdateKernels.MultiplyInPlace(u, -1e-4); });
        Time("apply", () => { Array.Copy(p, q, p.Length); UpdateKernels.ApplyUpdatesInPlace(q, u); });
        Time("chain kernel + apply", () => { Array.Copy(g, u, g.Length); kernel.UpdateInPlace(u, p); Array.Copy(p, q, p.Length); UpdateKernels.ApplyUpdatesInPlace(q, u); });
    }

    private static void Time(string what, Action action)
    {
        for (int i = 0; i < 20000; i++)
        {
            action();
        }

        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 200000; i++)
        {
            action();
        }

        Console.WriteLine($"{what,-30} {sw.Elapsed.TotalMicroseconds / 200000:F3} µs");
    }
}
