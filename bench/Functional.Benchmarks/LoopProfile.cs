using System.Diagnostics;
using Functional.Core.Data;
using Functional.Core.Engine;
using Functional.Core.Optim;
using Functional.Core.Training;

namespace Functional.Benchmarks;

/// <summary>The fused engine's loop written out with a stopwatch around each part: where a real run's time goes.</summary>
internal static class LoopProfile
{
    public static void Run(string layout = "1,10,10,10,1", int batchSize = 25, int epochs = 20_000)
    {
        var config = Nets.Config(layout, batchSize, epochs);
        var data = Nets.Data();
        var start = Trainer.Start(config);
        var ws = new TrainingWorkspace(start.Model.Layout, start.Model.Activations, Math.Min(batchSize, data.Count));
        var kernel = UpdateKernels.TryCreate(config.Optimizer, start.OptimizerState, start.Model)!;
        var p = UpdateKernels.Flatten(start.Model);
        double[] x = data.X.Storage, y = data.Y.Storage;
        var parts = new long[7];
        string[] names = ["epoch order", "gather", "pack", "forward", "loss", "backward", "update+apply"];
        var orderBuffer = new int[data.Count];
        // The engine's own source of orders: drawn a block ahead on another core where there is one.
        var orders = new EpochOrders(config, data.Count);
        long t0 = Stopwatch.GetTimestamp();
        int steps = 0;
        for (int e = 0; e < epochs; e++)
        {
            long a = Stopwatch.GetTimestamp();
            int[] order = orderBuffer;
            orders.FillInPlace(e, orderBuffer);
            parts[0] += Stopwatch.GetTimestamp() - a;
            for (int b = 0; b * batchSize < data.Count; b++)
            {
                long c0 = Stopwatch.GetTimestamp();
                ws.GatherInPlace(x, y, data.Count, order.AsSpan(b * batchSize, Math.Min(batchSize, data.Count - b * batchSize)));
                long c1 = Stopwatch.GetTimestamp();
                ws.PackInPlace(p);
                long c2 = Stopwatch.GetTimestamp();
                ws.ForwardInPlace();
                long c3 = Stopwatch.GetTimestamp();
                ws.LossInPlace(config.Loss, true);
                long c4 = Stopwatch.GetTimestamp();
                ws.BackwardInPlace();
                long c5 = Stopwatch.GetTimestamp();
                kernel.StepInPlace(ws.Gradients, p);
                long c6 = Stopwatch.GetTimestamp();
                parts[1] += c1 - c0; parts[2] += c2 - c1; parts[3] += c3 - c2; parts[4] += c4 - c3; parts[5] += c5 - c4; parts[6] += c6 - c5;
                steps++;
            }
        }

        double total = Stopwatch.GetElapsedTime(t0).TotalMicroseconds / steps;
        Console.WriteLine($"layout {layout}, batch {batchSize}, {epochs:N0} epochs: {total:F2} µs/step in all (stopwatch overhead included)");
        for (int i = 0; i < parts.Length; i++)
        {
            Console.WriteLine($"  {names[i],-14} {parts[i] * 1e6 / Stopwatch.Frequency / steps,7:F3} µs/step");
        }
    }
}

internal static class TinyCount
{
    public static void Run()
    {
        var data = Nets.Data();
        Console.WriteLine("epoch: tiny m, zero m, tiny v, zero v");
        Trainer.Train(Nets.Config("1,10,10,10,1", 25, 5_000), data, new TrainingCallbacks(p =>
        {
            if (p.Record.Epoch % 2500 == 0)
            {
                var a = (ScaleByAdamState)((ChainState)p.ToState().OptimizerState).States[0];
                var mm = a.Mu.ToFlatArray();
                var vv = a.Nu.ToFlatArray();
                Console.WriteLine($"{p.Record.Epoch}: {mm.Count(SubnormalArithmetic.IsTiny)}, {mm.Count(d => d == 0)}, {vv.Count(SubnormalArithmetic.IsTiny)}, {vv.Count(d => d == 0)}");
            }
        }));
        var config = Nets.Config("1,10,10,10,1", 25, 3000);
        var result = Trainer.Train(config, data);
        var adam = (ScaleByAdamState)((ChainState)result.State.OptimizerState).States[0];
        var m = adam.Mu.ToFlatArray();
        var v = adam.Nu.ToFlatArray();
        Console.WriteLine($"tiny m: {m.Count(SubnormalArithmetic.IsTiny)}, subnormal m: {m.Count(d => d != 0 && Math.Abs(d) < 2.2250738585072014E-308)}, zero m: {m.Count(d => d == 0)}, tiny v: {v.Count(SubnormalArithmetic.IsTiny)}");
        var tiny = m.Where(SubnormalArithmetic.IsTiny).ToArray();
        var sw = Stopwatch.StartNew();
        double sink = 0;
        for (int r = 0; r < 1_000_000; r++)
        {
            foreach (double t in tiny)
            {
                sink += SubnormalArithmetic.Multiply(0.9, t) > 0 ? 1 : 0;
            }
        }

        Console.WriteLine($"SubnormalArithmetic.Multiply: {sw.Elapsed.TotalNanoseconds / 1e6 / Math.Max(1, tiny.Length):F1} ns per call ({sink})");
        sw.Restart();
        for (int r = 0; r < 1_000_000; r++)
        {
            foreach (double t in tiny)
            {
                sink += 0.9 * t > 0 ? 1 : 0;
            }
        }

        Console.WriteLine($"hardware multiply: {sw.Elapsed.TotalNanoseconds / 1e6 / Math.Max(1, tiny.Length):F1} ns per call ({sink})");
        void T(string name, Func<double, double> f)
        {
            var w = Stopwatch.StartNew();
            double acc = 0;
            for (int r = 0; r < 1_000_000; r++)
            {
                foreach (double t in tiny)
                {
                    acc += BitConverter.DoubleToInt64Bits(f(t));
                }
            }

            Console.WriteLine($"{name,-30} {w.Elapsed.TotalNanoseconds / 1e6 / tiny.Length:F1} ns per call ({acc})");
        }

        T("Divide(t, 3e-5)", t => SubnormalArithmetic.Divide(t, 3e-5));
        T("Divide(t, 1.0)", t => SubnormalArithmetic.Divide(t, 1.0));
        T("Add(1.0, t)", t => SubnormalArithmetic.Add(1.0, t));
        T("Multiply(-1e-4, t)", t => SubnormalArithmetic.Multiply(-1e-4, t));
        T("IsTiny", t => SubnormalArithmetic.IsTiny(t) ? 1.0 : 0.0);
        T("bits only", t => t);
        T("careful Adam sequence", t =>
        {
            double m = SubnormalArithmetic.Multiply(0.9, t);
            double v = 0.999 * 1e-90 + 0.001 * 0.0 * 0.0;
            return SubnormalArithmetic.Divide(SubnormalArithmetic.Divide(m, 1.0), SubnormalArithmetic.Add(Math.Sqrt(SubnormalArithmetic.Divide(v, 0.9999)), 1e-8));
        });
        T("hardware Adam sequence", t =>
        {
            double m = 0.9 * t;
            double v = 0.999 * 1e-90 + 0.001 * 0.0 * 0.0;
            return m / 1.0 / (Math.Sqrt(v / 0.9999) + 1e-8);
        });
    }
}
