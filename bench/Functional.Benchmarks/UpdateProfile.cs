using System.Diagnostics;
using Functional.Core.Engine;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Training;

namespace Functional.Benchmarks;

/// <summary>The optimizer update of the tutorial's net alone, on synthetic states: how much the subnormal moments cost.</summary>
internal static class UpdateProfile
{
    public static void Run()
    {
        var model = Trainer.Start(Nets.Regression(1)).Model;
        int n = model.ParameterCount;
        var rng = new Random(3);
        foreach (int stuck in new[] { 0, 12, 36, 60 })
        {
            foreach (int t in new[] { 10, 100_000 })
            {
                var g = new double[n];
                var m = new double[n];
                var v = new double[n];
                for (int i = 0; i < n; i++)
                {
                    g[i] = rng.NextDouble() - 0.5;
                    m[i] = (rng.NextDouble() - 0.5) * 0.1;
                    v[i] = rng.NextDouble() * 0.01;
                }

                for (int s = 0; s < stuck; s++)
                {
                    int at = s * n / Math.Max(1, stuck);
                    g[at] = 0.0;
                    m[at] = BitConverter.Int64BitsToDouble(4);
                }

                var state = new ChainState([new ScaleByAdamState(t, model.WithFlatParameters(m), model.WithFlatParameters(v)), EmptyState.Instance]);
                var optimizer = Optimizer.Adam(1e-4);
                var kernel = UpdateKernels.TryCreate(optimizer, state, model)!;
                var adam = UpdateKernels.TryCreate(Transform.ScaleByAdam(), state.States[0], model)!;
                var p = UpdateKernels.Flatten(model);
                var u = new double[n];
                Time($"{stuck,2} stuck, t={t,6}: Adam scaling", () => { Array.Copy(g, u, n); adam.UpdateInPlace(u, p); });
                Time($"{stuck,2} stuck, t={t,6}: Adam chain + apply", () => { Array.Copy(g, u, n); kernel.UpdateInPlace(u, p); UpdateKernels.ApplyUpdatesInPlace(p, u); });
                Time($"{stuck,2} stuck, t={t,6}: fused Adam step", () => { Array.Copy(g, u, n); kernel.StepInPlace(u, p); });
            }
        }
    }

    private static void Time(string what, Action action)
    {
        for (int i = 0; i < 20000; i++)
        {
            action();
        }

        var rounds = new double[5];
        for (int r = 0; r < 5; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < 100000; i++)
            {
                action();
            }

            rounds[r] = sw.Elapsed.TotalMicroseconds / 100000;
        }

        Array.Sort(rounds);
        Console.WriteLine($"{what,-42} {rounds[2]:F3} µs");
    }
}
