using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Serialization;
using Functional.Core.Training;
using MathNet.Numerics.LinearAlgebra;
using Functional.Properties.Tests.TestSupport;
using static Functional.Properties.Tests.Optim.OptimTestKit;

namespace Functional.Properties.Tests.Serialization;

/// <summary>A small random run: its settings, data, total epochs and a cut point.</summary>
internal sealed record ResumeCase(RunSpec Run, Dataset Data, int Cut)
{
    public override string ToString() =>
        $"layout [{string.Join(",", Run.Layout)}] {string.Join(",", Run.Activations)}, {Run.Optimizer}, loss {Run.Loss.Name}, " +
        $"schedule {Run.Schedule}, batch {Run.Batches}, n {Data.Count}, validation {Run.ValidationFraction}, early {Run.EarlyStopping}, epochs {Run.Epochs}, cut {Cut}, seed {Run.Seed}, rng {Run.Random}, init {Run.Initializer.Name}";
}

/// <summary>
/// Exact resume: for random small runs and random cut points, training straight to N epochs gives the same
/// trace and parameters, bit for bit, as stopping at epoch k, saving a checkpoint to JSON text, reading it
/// back and resuming to N.
/// </summary>
public sealed class ResumeProperties
{
    private static readonly string[] Optimizers =
        ["sgd", "momentum:lr=0.05", "nesterov", "adam:lr=0.01", "amsgrad:lr=0.01", "adamw:lr=0.02", "rmsprop:centered=true,momentum=0.5", "adagrad:lr=0.1,lr_decay=0.01", "adam:clip_norm=0.5,lr=0.03"];

    private static readonly Loss[] Losses = [new MseLoss(), new MaeLoss(), new HuberLoss(0.5)];

    // Runs of up to 12 epochs; drop-last only where it leaves a batch.
    private static Arbitrary<RunCase> Runs { get; } =
        Generators.Runs(Optimizers, Losses, maxEpochs: 12).Filter(r => !r.Run.Batches.DropLast || r.Run.Batches.BatchSize <= r.Data.Count);

    // No schedule half the time; otherwise one of each kind, some with a warm-up, all short enough to change
    // the rate within a run of a few epochs.
    private static Arbitrary<string?> Schedules { get; } = Gen.Elements<string?>(
        null, null, null, null, "step:every=3,gamma=0.5", "exponential:gamma=0.9", "cosine:t_max=7,eta_min=0.001,warmup=2", "constant:warmup=4").ToArbitrary();

    [Property(MaxTest = 60)]
    public Property ResumingFromASavedCheckpointEqualsTheStraightRun() => Prop.ForAll(Runs, Generators.IntBetween(0, 12), Schedules, (run, cutRaw, schedule) =>
    {
        var spec = run.Run with { Schedule = schedule is null ? null : ScheduleSpec.Parse(schedule) };
        var c = new ResumeCase(spec, run.Data, Math.Min(cutRaw, run.Run.Epochs));
        var config = c.Run.ToConfig();
        var straight = Trainer.Train(config, c.Data);

        // The state at the cut, as --checkpoint-every takes it: from the straight run's epoch callback
        // (or the start, for a cut at 0), saved to text and read back.
        TrainingState? atCut = c.Cut == 0 ? Trainer.Start(config) : null;
        _ = Trainer.Train(config, c.Data, new TrainingCallbacks(p =>
        {
            if (p.Record.Epoch == c.Cut)
            {
                atCut = p.ToState();
            }
        }));
        atCut ??= Trainer.Train(config with { Epochs = c.Cut }, c.Data).State; // the run stopped before the cut
        string json = CheckpointFile.ToJson(new Checkpoint(c.Run with { Epochs = c.Cut }, atCut));
        var resumed = CheckpointFile.FromJson(json).Resume(c.Data, c.Run.Epochs);

        Assert.Equal(straight.Reason, resumed.Reason);
        Assert.Equal(straight.DivergedAtEpoch, resumed.DivergedAtEpoch);
        Assert.Equal(straight.State.Epoch, resumed.State.Epoch);
        Assert.Equal(straight.State.EpochsWithoutImprovement, resumed.State.EpochsWithoutImprovement);
        Assert.Equal(BitConverter.DoubleToInt64Bits(straight.State.BestMonitored), BitConverter.DoubleToInt64Bits(resumed.State.BestMonitored));
        Assert.True(SameBits(Numbers(straight.Trace), Numbers(resumed.Trace)), "traces differ");
        Assert.True(SameBits(straight.Model.ToFlatArray(), resumed.Model.ToFlatArray()), "final parameters differ");
        OptimizerStateJsonTests.AssertSameState(straight.State.OptimizerState, resumed.State.OptimizerState, c.Run.Optimizer.ToString());
    });

    [Fact]
    public void ResumingBelowTheCheckpointsEpochIsRejected()
    {
        var c = Make(5, [1, 3, 1], "tanh", "adam", "mse", 10, 4, true, false, 0.0, null, 6, 4);
        var state = Trainer.Train(c.Run.ToConfig() with { Epochs = 4 }, c.Data).State;
        var e = Assert.Throws<ArgumentException>(() => new Checkpoint(c.Run, state).Resume(c.Data, 3));
        Assert.StartsWith("the checkpoint is at epoch 4; cannot resume to epoch 3", e.Message);
    }

    internal static ResumeCase Make(
        int seed, int[] layout, string activation, string optimizer, string loss, int n, int batch, bool shuffle, bool dropLast,
        double validation, EarlyStopping? early, int epochs, int cut, RandomSource random = RandomSource.Keyed, string init = "torch", string? schedule = null)
    {
        var activations = Mlp.UniformActivations(layout.Length - 1, Activation.Parse(activation));
        var run = new RunSpec(
            [.. layout], activations, Initializer.Parse(init), Loss.Parse(loss), OptimizerSpec.Parse(optimizer),
            new BatchOptions(batch, shuffle, dropLast), epochs, seed, validation, early,
            ImmutableSortedDictionary<string, string>.Empty.Add("note", "property test"), random)
        {
            Schedule = schedule is null ? null : ScheduleSpec.Parse(schedule),
        };
        var draws = RandomStreams.For(seed, StreamPurpose.Data);
        (double[] x, draws) = draws.Uniform(-2, 2, n * layout[0]);
        (double[] y, _) = draws.Normal(0, 1, n * layout[^1]);
        var data = new Dataset(Matrix<double>.Build.DenseOfRowMajor(n, layout[0], x), Matrix<double>.Build.DenseOfRowMajor(n, layout[^1], y));
        return new ResumeCase(run, data, cut);
    }

    private static List<double> Numbers(TrainingTrace trace) =>
        [.. trace.Epochs.SelectMany(r => new[] { r.Epoch, r.Loss, r.ValidationLoss ?? double.NaN })];
}
