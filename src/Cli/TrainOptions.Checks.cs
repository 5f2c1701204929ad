using System.Collections.Immutable;
using System.Globalization;
using Functional.Core.Model;
using Functional.Core.Random;

namespace Functional.Cli;

// The checks of a fresh run's options that need more than one option: an ONNX start against the layout, an
// initialiser against the layout and generator, and the batch size.
internal sealed partial class TrainOptions
{
    private static Initializer RequireStartFits(Mlp start, IReadOnlyList<int> layout, ImmutableArray<Activation> activations, string init)
    {
        if (!start.Layout.SequenceEqual(layout))
        {
            throw new UsageException($"--init {init}: the file's net has layout {string.Join(",", start.Layout)} but --layout is {string.Join(",", layout)}");
        }

        if (!start.Activations.SequenceEqual(activations))
        {
            throw new UsageException($"--init {init}: the file's net has activations {string.Join(",", start.Activations)} but the options ask for {string.Join(",", activations)}");
        }

        return Initializer.From(start);
    }

    private static void RequireInitializerFits(Initializer initializer, IReadOnlyList<int> layout, RandomSource random, string layoutIs)
    {
        if (initializer.Weights == WeightInit.Tutorial && !TutorialParameters.Fits(layout))
        {
            throw new UsageException($"--init tutorial: the tutorial printed the start of its 1-10-10-10-1 net only; {layoutIs} {string.Join(",", layout)} (use --init torch)");
        }

        try
        {
            initializer.Validate(layout, random);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"--init {initializer.Name}: draws from a normal distribution, which --rng torch does not reproduce; use a uniform initialiser (torch, xavier_uniform, kaiming_uniform) or --rng keyed");
        }
    }

    /// <summary>'all' means the whole data set in one batch (int.MaxValue, capped to n by batching).</summary>
    private static int ParseBatchSize(string text)
    {
        if (string.Equals(text, "all", StringComparison.OrdinalIgnoreCase))
        {
            return int.MaxValue;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int size))
        {
            throw new UsageException($"--batch-size '{text}': expected a whole number or 'all'");
        }

        if (size < 1)
        {
            throw new UsageException($"--batch-size {size}: must be at least 1 (or 'all')");
        }

        return size;
    }
}
