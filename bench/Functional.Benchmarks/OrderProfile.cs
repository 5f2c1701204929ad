using System.Diagnostics;
using Functional.Core.Random;
using Functional.Core.Training;

namespace Functional.Benchmarks;

/// <summary>The cost of each epoch's order alone, for both generators: what the shuffle adds to a run.</summary>
internal static class OrderProfile
{
    public static void Run(int epochs = 50_000, int samples = 100)
    {
        foreach (var source in new[] { RandomSource.Torch, RandomSource.Keyed })
        {
            var config = Nets.Regression(epochs) with { Random = source };
            var order = new int[samples];
            long checksum = 0;
            for (int repeat = 0; repeat < 3; repeat++)
            {
                var orders = new EpochOrders(config, samples);
                var watch = Stopwatch.StartNew();
                for (int e = 0; e < epochs; e++)
                {
                    orders.FillInPlace(e, order);
                    checksum += order[e % samples];
                }

                Console.WriteLine($"{RandomSources.Name(source),-6} {samples} samples, {epochs:N0} epochs: {watch.Elapsed.TotalMicroseconds / epochs:F2} µs/epoch (checksum {checksum})");
            }
        }
    }
}
