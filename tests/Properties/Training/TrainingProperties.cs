using System.Collections.Immutable;
using FsCheck.Xunit;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Training;
using Functional.Properties.Tests.TestSupport;

namespace Functional.Properties.Tests.Training;

public class TrainingProperties
{
    private static TrainingConfig SmallConfig(long seed, int epochs, string optimizer = "adam", int batchSize = 8, double validation = 0.0) =>
        new(
            [1, 6, 1],
            Mlp.UniformActivations(2, Activation.Tanh),
            Initializer.TorchDefault,
            new MseLoss(),
            OptimizerSpec.Parse(optimizer + ":lr=0.01").Create(),
            new BatchOptions(batchSize),
            epochs,
            seed,
            validation);

    private static Dataset SmallData() => TutorialData.Generate(TutorialDataOptions.Tutorial with { Count = 20 });

    [Property(MaxTest = 25)]
    public void Training_is_a_pure_function_of_config_and_seed(int seed)
    {
        var config = SmallConfig(seed, 5);
        var data = SmallData();
        double[] x = data.X.ToColumnMajorArray(), y = data.Y.ToColumnMajorArray();

        var a = Trainer.Train(config, data);
        var b = Trainer.Train(config, data);

        Assert.Equal(a.Trace.Epochs.Select(e => e.Loss), b.Trace.Epochs.Select(e => e.Loss));
        Assert.Equal(a.Model.ToFlatArray(), b.Model.ToFlatArray());
        Assert.Equal(x, data.X.ToColumnMajorArray());
        Assert.Equal(y, data.Y.ToColumnMajorArray());
    }

    [Property(MaxTest = 25)]
    public void Continue_leaves_the_state_passed_in_unchanged(int seed)
    {
        var data = SmallData();
        var start = Trainer.Start(SmallConfig(seed, 3));
        double[] before = start.Model.ToFlatArray();
        Trainer.Continue(SmallConfig(seed, 3), data, start);
        Assert.Equal(before, start.Model.ToFlatArray());
        Assert.Equal(0, start.Epoch);
        Assert.True(start.Trace.Epochs.IsEmpty);
    }

    [Property(MaxTest = 25)]
    public void A_run_continued_from_any_cut_equals_the_straight_run(int seed, byte cutRaw)
    {
        const int epochs = 12;
        int cut = cutRaw % (epochs + 1);
        var data = SmallData();
        var straight = Trainer.Train(SmallConfig(seed, epochs), data);
        var first = Trainer.Train(SmallConfig(seed, cut), data);
        var resumed = Trainer.Continue(SmallConfig(seed, epochs), data, first.State);

        Assert.Equal(straight.Trace.Epochs.ToArray(), resumed.Trace.Epochs.ToArray());
        Assert.Equal(straight.Model.ToFlatArray(), resumed.Model.ToFlatArray());
    }

    [Property(MaxTest = 15)]
    public void Different_seeds_give_different_runs(int seed)
    {
        var data = SmallData();
        var a = Trainer.Train(SmallConfig(seed, 2), data);
        var b = Trainer.Train(SmallConfig((long)seed + 1, 2), data);
        Assert.NotEqual(a.Trace.Epochs[^1].Loss, b.Trace.Epochs[^1].Loss);
    }

    [Fact]
    public void The_epoch_loss_is_the_sum_of_its_batch_losses_computed_step_by_step()
    {
        // Replays epoch 1 by hand with the pure step and the documented batching.
        var config = SmallConfig(3, 1, batchSize: 7);
        var data = SmallData();
        var state = Trainer.Start(config);
        var model = state.Model;
        var optimizerState = state.OptimizerState;
        double sum = 0;
        foreach (var batch in Batching.Batches(data, config.Batches, config.Seed, epoch: 0))
        {
            var step = TrainingStep.Step(model, config.Optimizer, optimizerState, batch, config.Loss);
            (model, optimizerState, sum) = (step.Model, step.State, sum + step.Loss);
        }

        var result = Trainer.Train(config, data);
        Assert.Equal(sum, result.Trace.Epochs[0].Loss);
        Assert.Equal(model.ToFlatArray(), result.Model.ToFlatArray());
        Assert.Equal(3, Batching.BatchCount(20, config.Batches)); // 7 + 7 + 6
    }

    [Fact]
    public void Validation_loss_is_the_mean_loss_on_the_held_out_rows()
    {
        var config = SmallConfig(5, 3, validation: 0.25);
        var data = SmallData();
        var result = Trainer.Train(config, data);
        var split = DataSplit.TrainValidation(data, 0.25, config.Seed);
        double expected = new MseLoss().Value(result.Model.Predict(split.Validation.X), split.Validation.Y);
        Assert.Equal(expected, result.Trace.Epochs[^1].ValidationLoss);
        Assert.Equal(5, split.Validation.Count);
    }

    [Fact]
    public void Early_stopping_stops_after_patience_epochs_without_improvement()
    {
        // lr 0 is refused by the registry, so use a rate so small that no epoch improves by min delta;
        // full batches, so that the epoch loss does not move with the shuffle.
        var config = SmallConfig(1, 100, batchSize: int.MaxValue) with
        {
            Optimizer = OptimizerSpec.Parse("sgd:lr=1e-12").Create(),
            EarlyStopping = new EarlyStopping(Patience: 3, MinDelta: 1.0),
        };
        var result = Trainer.Train(config, SmallData());
        Assert.Equal(StopReason.EarlyStopped, result.Reason);
        Assert.Equal(4, result.State.Epoch); // epoch 1 sets the best, epochs 2-4 fail to beat it by 1.0
    }

    [Fact]
    public void Divergence_stops_at_the_epoch_and_keeps_the_last_finite_state()
    {
        var config = SmallConfig(1, 50, optimizer: "sgd") with { Optimizer = OptimizerSpec.Parse("sgd:lr=1e6").Create() };
        var result = Trainer.Train(config, SmallData());
        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.NotNull(result.DivergedAtEpoch);
        Assert.Equal(result.DivergedAtEpoch - 1, result.State.Epoch);
        Assert.True(result.Model.ToFlatArray().All(double.IsFinite));
        Assert.True(result.Trace.Epochs.All(e => double.IsFinite(e.Loss)));
    }

    [Fact]
    public void Cancellation_stops_between_epochs_with_a_resumable_state()
    {
        using var cancel = new CancellationTokenSource();
        var callbacks = new TrainingCallbacks(p =>
        {
            if (p.Record.Epoch == 4)
            {
                cancel.Cancel();
            }
        }, cancel.Token);
        var result = Trainer.Train(SmallConfig(2, 10), SmallData(), callbacks);
        Assert.Equal(StopReason.Cancelled, result.Reason);
        Assert.Equal(4, result.State.Epoch);
        var straight = Trainer.Train(SmallConfig(2, 10), SmallData());
        var resumed = Trainer.Continue(SmallConfig(2, 10), SmallData(), result.State);
        Assert.Equal(straight.Model.ToFlatArray(), resumed.Model.ToFlatArray());
    }

    [Fact]
    public void Data_that_does_not_fit_the_layout_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(SmallConfig(1, 1) with { Layout = [2, 6, 1] }, SmallData()));
        Assert.Contains("the first width is 2 but the data has 1 input column(s)", e.Message);
    }
}
