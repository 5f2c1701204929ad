using System.Diagnostics;
using System.Globalization;
using Functional.Core.Training;

namespace Functional.Benchmarks;

/// <summary>
/// The whole regression replay in process (50,000 epochs of batches of 25: 200,000 steps), our fold and the
/// plain-array baseline in turn, several times; prints each time, the medians and their ratio, and the
/// allocation per step of our fold.
/// </summary>
internal static class WholeRun
{
    public static void Run(int repeats, int epochs = 50_000)
    {
        var data = Nets.Data();
        var config = Nets.Regression(epochs);
        int steps = epochs * 4;
        Trainer.Train(Nets.Regression(500), data);
        new PlainBaseline([1, 10, 10, 10, 1], 25, 1e-4).Train(data, 500, 25);
        var ours = new List<double>();
        var plain = new List<double>();
        long allocated = 0, allocatedAllThreads = 0;
        for (int r = 0; r < repeats; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            long beforeAllThreads = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            var result = Trainer.Train(config, data);
            ours.Add(sw.Elapsed.TotalSeconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            allocatedAllThreads = GC.GetTotalAllocatedBytes(precise: true) - beforeAllThreads;
            sw.Restart();
            double baselineLoss = new PlainBaseline([1, 10, 10, 10, 1], 25, 1e-4).Train(data, epochs, 25);
            plain.Add(sw.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {r + 1}: ours {ours[^1]:F3} s ({ours[^1] * 1e6 / steps:F2} µs/step, last loss {result.Trace.Last!.Loss:F1}), plain baseline {plain[^1]:F3} s ({plain[^1] * 1e6 / steps:F2} µs/step, last loss {baselineLoss:F1})"));
        }

        // The straightforward fold (the oracle the fast one is tested against), over fewer epochs.
        int referenceEpochs = Math.Min(epochs, 2_000);
        long referenceBefore = GC.GetAllocatedBytesForCurrentThread();
        var referenceWatch = Stopwatch.StartNew();
        Trainer.ContinueReference(Nets.Regression(referenceEpochs), data, Trainer.Start(config));
        double referenceSeconds = referenceWatch.Elapsed.TotalSeconds;
        long referenceBytes = GC.GetAllocatedBytesForCurrentThread() - referenceBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reference fold (MathNet, fresh records), {referenceEpochs:N0} epochs: {referenceSeconds * 1e6 / (referenceEpochs * 4):F2} µs/step, {referenceBytes / (referenceEpochs * 4.0):N0} bytes/step"));

        double o = Median(ours), p = Median(plain);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median of {repeats}: ours {o:F3} s = {o * 1e6 / steps:F2} µs/step; plain baseline {p:F3} s = {p * 1e6 / steps:F2} µs/step; ours / baseline = {o / p:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocated by Trainer.Train: {allocated:N0} bytes = {allocated / (double)steps:F0} bytes/step (trace, per-epoch records, final state); on all threads (with the epoch orders drawn ahead) {allocatedAllThreads:N0} bytes = {allocatedAllThreads / (double)steps:F0} bytes/step"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
