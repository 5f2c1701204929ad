using System.Diagnostics;
using Functional.Core.Data;
using Functional.Core.Engine;
using Functional.Core.Optim;
using Functional.Core.Training;

namespace Functional.Benchmarks;

/// <summary>
/// A stopwatch breakdown of one training step of the fused engine, part by part, each part timed over many
/// repetitions on the same batch (so the figures add up to about a step, minus loop overhead).
/// </summary>
internal static class Profile
{
    public static void Run(string layout = "1,10,10,10,1", int batchSize = 25, int dataCount = 100)
    {
        var config = Nets.Config(layout, batchSize, 1);
        var data = Nets.Data(dataCount);
        var start = Trainer.Start(config);
        var ws = new TrainingWorkspace(start.Model.Layout, start.Model.Activations, Math.Min(batchSize, data.Count));
        var kernel = UpdateKernels.TryCreate(config.Optimizer, start.OptimizerState, start.Model)!;
        var p = UpdateKernels.Flatten(start.Model);
        double[] x = data.X.Storage, y = data.Y.Storage;
        int[] order = Batching.EpochOrder(data.Count, true, 42, 0);
        var batch = order.AsSpan(0, Math.Min(batchSize, data.Count)).ToArray();
        int n = Math.Max(2_000, 200_000 * 251 / start.Model.ParameterCount * 25 / batch.Length);
        Console.WriteLine($"layout {layout}, batch {batch.Length}, {start.Model.ParameterCount} parameters; µs per call (median of 5 rounds of {n:N0})");
        Time("epoch order (shuffle, per epoch)", n / 10, () => Batching.EpochOrder(data.Count, true, 42, 7));
        var orderBuffer = new int[data.Count];
        var key = new uint[624];
        Time("epoch order in place (per epoch)", n / 10, () => Batching.EpochOrderInPlace(orderBuffer, true, 42, 7, key));
        Time("gather batch", n, () => ws.GatherInPlace(x, y, data.Count, batch));
        Time("pack weights", n, () => ws.PackInPlace(p));
        Time("forward", n, ws.ForwardInPlace);
        Time("loss + output gradient", n, () => ws.LossInPlace(config.Loss, true));
        Time("backward", n, ws.BackwardInPlace);
        var g = (double[])ws.Gradients.Clone();
        var u = (double[])g.Clone();
        Time("optimizer update (Adam, lr)", n, () => { Array.Copy(g, u, g.Length); kernel.UpdateInPlace(u, p); });
        Time("  of which copying the gradient", n, () => Array.Copy(g, u, g.Length));
        Time("apply updates", n, () => UpdateKernels.ApplyUpdatesInPlace(u, g));
        Time("gather + loss and gradients", n, () =>
        {
            ws.GatherInPlace(x, y, data.Count, batch);
            ws.LossAndGradientsInPlace(p, config.Loss);
        });
        Time("pack+forward+loss+backward", n, () =>
        {
            ws.PackInPlace(p);
            ws.ForwardInPlace();
            ws.LossInPlace(config.Loss, true);
            ws.BackwardInPlace();
        });
        Time("forward+backward", n, () =>
        {
            ws.ForwardInPlace();
            ws.BackwardInPlace();
        });
        var p0 = (double[])p.Clone();
        Time("step without apply", n, () =>
        {
            ws.GatherInPlace(x, y, data.Count, batch);
            ws.LossAndGradientsInPlace(p, config.Loss);
            kernel.UpdateInPlace(ws.Gradients, p);
        });
        Time("step, apply then reset params", n, () =>
        {
            ws.GatherInPlace(x, y, data.Count, batch);
            ws.LossAndGradientsInPlace(p, config.Loss);
            kernel.UpdateInPlace(ws.Gradients, p);
            UpdateKernels.ApplyUpdatesInPlace(p, ws.Gradients);
            Array.Copy(p0, p, p.Length);
        });
        Time("whole fused step", n, () =>
        {
            ws.GatherInPlace(x, y, data.Count, batch);
            ws.LossAndGradientsInPlace(p, config.Loss);
            kernel.UpdateInPlace(ws.Gradients, p);
            UpdateKernels.ApplyUpdatesInPlace(p, ws.Gradients);
        });
        var epochs = Nets.Config(layout, batchSize, 5000);
        Trainer.Train(Nets.Config(layout, batchSize, 200), data);
        var sw = Stopwatch.StartNew();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Trainer.Train(epochs, data);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        int steps = 5000 * Batching.BatchCount(data.Count, epochs.Batches);
        Console.WriteLine($"{"Trainer.Train, 5,000 epochs",-40} {sw.Elapsed.TotalMicroseconds / steps,8:F2} µs/step, {bytes / (double)steps,8:F0} B/step");
    }

    private static void Time(string what, int n, Action action)
    {
        for (int i = 0; i < n / 10; i++)
        {
            action();
        }

        var rounds = new double[5];
        for (int r = 0; r < rounds.Length; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                action();
            }

            rounds[r] = sw.Elapsed.TotalMicroseconds / n;
        }

        Array.Sort(rounds);
        Console.WriteLine($"{what,-40} {rounds[2],8:F3} µs");
    }
}
