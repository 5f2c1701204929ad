using System.Diagnostics;
using Functional.Core.Data;
using Functional.Core.Optim;
using Functional.Core.Training;

namespace Functional.Benchmarks;

internal static class Denormals
{
    public static void Run()
    {
        var config = Nets.Config("1,10,10,10,1", 25, 2000);
        var data = Nets.Data();
        var result = Trainer.Train(config, data);
        var s = (ChainState)result.State.OptimizerState;
        var adam = (ScaleByAdamState)s.States[0];
        Console.WriteLine($"params subnormal: {Count(result.Model.ToFlatArray())}, mu: {Count(adam.Mu.ToFlatArray())}, nu: {Count(adam.Nu.ToFlatArray())}");
        Console.WriteLine($"mu zero: {adam.Mu.ToFlatArray().Count(v => v == 0)}, nu zero {adam.Nu.ToFlatArray().Count(v => v == 0)}");

        // Time one Adam update over 251 entries with 0, 1, 4 and 20 subnormal first moments and zero gradients there.
        foreach (int subnormals in new[] { 0, 1, 4, 20 })
        {
            var m = new double[251];
            var g = new double[251];
            var v = new double[251];
            var rng = new Random(1);
            for (int i = 0; i < 251; i++)
            {
                m[i] = rng.NextDouble();
                g[i] = rng.NextDouble();
                v[i] = rng.NextDouble();
            }

            for (int i = 0; i < subnormals; i++)
            {
                int at = i * 251 / Math.Max(1, subnormals);
                m[at] = 1e-310;
                g[at] = 0;
            }

            var sw = Stopwatch.StartNew();
            double sink = 0;
            for (int rep = 0; rep < 200_000; rep++)
            {
                for (int i = 0; i < 251; i++)
                {
                    double mi = 0.9 * m[i] + 0.1 * g[i];
                    double vi = 0.999 * v[i] + 0.001 * g[i] * g[i];
                    sink += mi / 0.5 / (Math.Sqrt(vi / 0.3) + 1e-8);
                }
            }

            Console.WriteLine($"{subnormals,3} subnormal m: {sw.Elapsed.TotalMicroseconds / 200_000:F3} µs per 251-entry scalar Adam pass ({sink:E1})");
        }
    }

    private static int Count(double[] values) => values.Count(v => v != 0 && Math.Abs(v) < 2.2250738585072014E-308);
}
