using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Serialization;
using Functional.Core.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.TestSupport;

/// <summary>A small training run: its settings (as a checkpoint records them) and its data.</summary>
internal sealed record RunCase(RunSpec Run, Dataset Data)
{
    public TrainingConfig Config => Run.ToConfig();

    /// <summary>
    /// BCE on probabilities needs a sigmoid output; both BCE losses need targets in [0, 1]; a validation split
    /// needs 2 rows; PyTorch's generator draws only uniform initialisers.
    /// </summary>
    public bool IsValid =>
        Data.X.ColumnCount == Run.Layout[0] && Data.Y.ColumnCount == Run.Layout[^1] &&
        (Run.Loss is not BceLoss || Run.Activations[^1].Kind == ActivationKind.Sigmoid) &&
        (Run.Loss is not (BceLoss or BceWithLogitsLoss) || Data.Y.Enumerate().All(v => v is >= 0.0 and <= 1.0)) &&
        (Run.ValidationFraction == 0.0 || Data.Count >= 2) &&
        (Run.Random != RandomSource.Torch || Run.Initializer.Weights is WeightInit.TorchDefault or WeightInit.XavierUniform or WeightInit.KaimingUniform);

    public override string ToString() =>
        $"layout [{string.Join(",", Run.Layout)}] {string.Join(",", Run.Activations)}, {Run.Optimizer}, loss {Run.Loss.Name}, batch {Run.Batches}, " +
        $"epochs {Run.Epochs}, validation {Run.ValidationFraction}, early {Run.EarlyStopping}, n {Data.Count}, seed {Run.Seed}, rng {Run.Random}, " +
        $"init {Run.Initializer.Name}\n  X [{string.Join(", ", Data.X.ToRowMajorArray().Select(v => v.ToString("R")))}]\n" +
        $"  Y [{string.Join(", ", Data.Y.ToRowMajorArray().Select(v => v.ToString("R")))}]";
}

internal static partial class Generators
{
    /// <summary>
    /// Small runs: 1 to 3 layers (inputs and outputs 1 to 3 wide, hidden layers 1 to 7), any activations and the
    /// given losses, 1 to 24 samples, every batching mode (full batch, ragged, shuffled or not, drop-last), a
    /// validation split and early stopping a third and a quarter of the time, either random source, several
    /// initialisers, one of <paramref name="optimizers"/>, 1 to <paramref name="maxEpochs"/> epochs and any seed.
    /// Shrinking keeps a run valid (<see cref="RunCase.IsValid"/>).
    /// </summary>
    public static Arbitrary<RunCase> Runs(IReadOnlyList<string> optimizers, IReadOnlyList<Loss>? losses = null, int maxEpochs = 8) =>
        Arb.From(RunGen(optimizers, losses ?? Losses, maxEpochs), r => ShrinkRun(r, optimizers[0]).Where(s => s.IsValid));

    private static Gen<RunCase> RunGen(IReadOnlyList<string> optimizers, IReadOnlyList<Loss> losses, int maxEpochs) =>
        from depth in Gen.Choose(1, 3)
        from layout in Gen.CollectToArray(Enumerable.Range(0, depth + 1).Select(i => Gen.Choose(1, i == 0 || i == depth ? 3 : 7)))
        from loss in Gen.Elements(losses.ToArray())
        from drawn in ActivationsFor(depth)
        let activations = loss is BceLoss ? drawn.SetItem(depth - 1, Activation.Sigmoid) : drawn
        from n in Gen.Choose(1, 24)
        from x in Matrix(n, layout[0], -2, 2)
        from y in loss is BceLoss or BceWithLogitsLoss ? Matrix(n, layout[^1], 0, 1) : Matrix(n, layout[^1], -3, 3)
        from fullBatch in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
        from size in Gen.Choose(1, n + 2)
        from shuffle in Gen.Frequency((2, Gen.Constant(true)), (1, Gen.Constant(false)))
        from dropLast in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
        from validation in Gen.Frequency((1, Gen.Constant(0.3)), (2, Gen.Constant(0.0)))
        from early in Gen.Frequency(
            (3, Gen.Constant<EarlyStopping?>(null)),
            (1, from patience in Gen.Choose(1, 3) from delta in Gen.Elements(0.0, 1e-3) select (EarlyStopping?)new EarlyStopping(patience, delta)))
        from random in Gen.Elements(RandomSource.Torch, RandomSource.Keyed)
        from init in random == RandomSource.Torch
            ? Gen.Elements("torch", "xavier_uniform:zero_bias", "kaiming_uniform")
            : Gen.Elements("torch", "xavier_normal", "kaiming_normal:zero_bias", "xavier_uniform")
        from optimizer in Gen.Elements(optimizers.ToArray())
        from epochs in Gen.Choose(1, maxEpochs)
        from seed in Seeds.Generator
        select new RunCase(
            new RunSpec(
                [.. layout], activations, Initializer.Parse(init), loss, OptimizerSpec.Parse(optimizer),
                new BatchOptions(fullBatch ? int.MaxValue : size, shuffle, dropLast), epochs, seed,
                n >= 2 ? validation : 0.0, early, ImmutableSortedDictionary<string, string>.Empty.Add("note", "property test"), random),
            new Dataset(x, y));

    // Shorter and plainer runs first (one epoch, one sample, no validation or early stopping, plain batching, the
    // first optimizer, MSE, identity activations, keyed streams, fewer layers and units), then smaller numbers.
    private static IEnumerable<RunCase> ShrinkRun(RunCase c, string plainOptimizer)
    {
        var run = c.Run;
        foreach (long epochs in ShrinkInteger(1, run.Epochs))
        {
            yield return c with { Run = run with { Epochs = (int)epochs } };
        }

        int n = c.Data.Count;
        if (n > 1)
        {
            yield return c with { Data = Rows(c.Data, [0]) };
            for (int r = 0; r < n; r++)
            {
                yield return c with { Data = Rows(c.Data, [.. Enumerable.Range(0, n).Where(i => i != r)]) };
            }
        }

        if (run.ValidationFraction != 0.0)
        {
            yield return c with { Run = run with { ValidationFraction = 0.0 } };
        }

        if (run.EarlyStopping is not null)
        {
            yield return c with { Run = run with { EarlyStopping = null } };
        }

        var batches = run.Batches;
        if (batches.DropLast)
        {
            yield return c with { Run = run with { Batches = batches with { DropLast = false } } };
        }

        if (batches.Shuffle)
        {
            yield return c with { Run = run with { Batches = batches with { Shuffle = false } } };
        }

        if (batches.BatchSize != int.MaxValue)
        {
            yield return c with { Run = run with { Batches = batches with { BatchSize = int.MaxValue } } };
        }

        if (run.Optimizer.ToString() != OptimizerSpec.Parse(plainOptimizer).ToString())
        {
            yield return c with { Run = run with { Optimizer = OptimizerSpec.Parse(plainOptimizer) } };
        }

        if (run.Loss is not MseLoss)
        {
            yield return c with { Run = run with { Loss = new MseLoss() } };
        }

        for (int i = 0; i < run.Activations.Length; i++)
        {
            if (run.Activations[i] != Activation.Identity)
            {
                yield return c with { Run = run with { Activations = run.Activations.SetItem(i, Activation.Identity) } };
            }
        }

        if (run.Random != RandomSource.Keyed)
        {
            yield return c with { Run = run with { Random = RandomSource.Keyed } };
        }

        if (run.Initializer.Name != "torch")
        {
            yield return c with { Run = run with { Initializer = Initializer.TorchDefault } };
        }

        var layout = run.Layout;
        for (int i = 1; i < layout.Length - 1; i++)
        {
            yield return c with { Run = run with { Layout = layout.RemoveAt(i), Activations = run.Activations.RemoveAt(i - 1) } };
        }

        for (int level = 0; level < layout.Length; level++)
        {
            for (int j = 0; layout[level] > 1 && j < layout[level]; j++)
            {
                var data = c.Data;
                if (level == 0)
                {
                    data = new Dataset(data.X.ToMatrix().RemoveColumn(j), data.Y.ToMatrix());
                }

                if (level == layout.Length - 1)
                {
                    data = new Dataset(data.X.ToMatrix(), data.Y.ToMatrix().RemoveColumn(j));
                }

                yield return new RunCase(run with { Layout = layout.SetItem(level, layout[level] - 1) }, data);
            }
        }

        foreach (long seed in ShrinkInteger(0, run.Seed))
        {
            yield return c with { Run = run with { Seed = seed } };
        }

        foreach (double[] x in ShrinkEach(c.Data.X.ToRowMajorArray()))
        {
            yield return c with { Data = new Dataset(FromRows(c.Data.X.ToMatrix(), x), c.Data.Y.ToMatrix()) };
        }

        foreach (double[] y in ShrinkEach(c.Data.Y.ToRowMajorArray()))
        {
            yield return c with { Data = new Dataset(c.Data.X.ToMatrix(), FromRows(c.Data.Y.ToMatrix(), y)) };
        }
    }

    private static Dataset Rows(Dataset data, int[] rows) => new(
        Matrix<double>.Build.DenseOfRowVectors(rows.Select(data.X.Row)),
        Matrix<double>.Build.DenseOfRowVectors(rows.Select(data.Y.Row)));
}
