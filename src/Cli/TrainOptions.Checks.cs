using System.Collections.Immutable;
using Functional.Core.Model;
using Functional.Core.Random;

namespace Functional.Cli;

// The check of a fresh run's options that needs more than one option: an ONNX start against the layout.
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
}
