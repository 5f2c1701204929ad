using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Data;
using Functional.Core.Training;

namespace Functional.Properties.Tests.Training;

/// <summary>
/// A progress value handed to the host after an epoch never changes: its state is the state after that
/// epoch whether it is asked for during the callback or long after the run has returned.
/// </summary>
public class ProgressProperties
{
    [Fact]
    public void A_progress_value_kept_from_epoch_3_reports_epoch_3_after_a_run_of_10()
    {
        var config = ReferenceTraceTests.Regression("adam:lr=1e-3", 10);
        var data = TutorialData.Generate();
        string during = "";
        EpochProgress? third = null;
        Trainer.Train(config, data, new TrainingCallbacks(p =>
        {
            if (p.Record.Epoch == 3)
            {
                third = p;
                during = TraceText.Of(new TrainingResult(LiveState(config, data, 3), StopReason.Completed));
            }
        }));

        var state = third!.ToState();
        Assert.Equal(3, state.Epoch);
        Assert.Equal(3, state.Trace.Epochs.Length);
        Assert.Equal(during, TraceText.Of(new TrainingResult(state, StopReason.Completed)));
        Assert.Same(state, third.ToState());
    }

    [Property(MaxTest = 60)]
    public Property Every_kept_progress_value_reports_the_state_after_its_own_epoch_after_the_run() => Prop.ForAll(FastPathProperties.Runs, run =>
    {
        var (config, data, seed) = (run.Run.ToConfig(), run.Data, run.ToString());

        // What each epoch's state is, read during its callback (when the run is at that epoch).
        var expected = new Dictionary<int, string>();
        Trainer.Train(config, data, new TrainingCallbacks(p => expected[p.Record.Epoch] = Text(p.ToState())));

        // The same run again: every progress value kept, half of them asked during their callback, all asked after.
        var kept = new List<(EpochProgress Progress, TrainingState? During)>();
        Trainer.Train(config, data, new TrainingCallbacks(p => kept.Add((p, p.Record.Epoch % 2 == 0 ? p.ToState() : null))));

        Assert.Equal(expected.Count, kept.Count);
        foreach (var (progress, during) in kept)
        {
            var state = progress.ToState();
            Assert.True(during is null || ReferenceEquals(during, state), $"{seed}, epoch {progress.Record.Epoch}: a second call gave another record");
            Assert.Equal(progress.Record.Epoch, state.Epoch);
            Assert.True(expected[progress.Record.Epoch] == Text(state), $"{seed}, epoch {progress.Record.Epoch}: the kept state differs from the state at that epoch");
        }
    });

    private static string Text(TrainingState state) => TraceText.Of(new TrainingResult(state, StopReason.Completed));

    // The state after epoch e, read during epoch e's callback of a fresh run.
    private static TrainingState LiveState(TrainingConfig config, Dataset data, int e)
    {
        TrainingState? state = null;
        Trainer.Train(config, data, new TrainingCallbacks(p => state = p.Record.Epoch == e ? p.ToState() : state));
        return state!;
    }
}
