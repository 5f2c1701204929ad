using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core;
using Functional.Core.Random;
using Functional.Core.Serialization;
using Functional.Core.Training;
using static Functional.Properties.Tests.Optim.OptimTestKit;
using static Functional.Properties.Tests.Serialization.ModelFileTests;

namespace Functional.Properties.Tests.Serialization;

/// <summary>Checkpoint files: an exact round trip of every part, atomic saving, and one clear error per problem.</summary>
public sealed class CheckpointFileTests
{
    private static readonly Lazy<(Checkpoint Checkpoint, string Json)> Sample = new(() =>
    {
        var c = ResumeProperties.Make(9, [2, 3, 1], "tanh", "adamw:lr=0.01", "mse", 12, 5, true, false, 0.25, new EarlyStopping(50, 1e-4), 10, 4);
        var state = Trainer.Train(c.Run.ToConfig() with { Epochs = 4 }, c.Data).State;
        var checkpoint = new Checkpoint(c.Run, state);
        return (checkpoint, CheckpointFile.ToJson(checkpoint));
    });

    [Fact]
    public void RoundTripKeepsEveryPart()
    {
        var (expected, json) = Sample.Value;
        var actual = CheckpointFile.FromJson(json);
        var (run, back) = (expected.Run, actual.Run);
        Assert.Equal(run.Layout.ToArray(), back.Layout.ToArray());
        Assert.Equal(run.Activations.ToArray(), back.Activations.ToArray());
        Assert.Equal(run.Initializer, back.Initializer);
        Assert.Equal(run.Loss, back.Loss);
        Assert.Equal(run.Optimizer, back.Optimizer);
        Assert.Equal(run.Batches, back.Batches);
        Assert.Equal((run.Epochs, run.Seed, run.ValidationFraction, run.EarlyStopping), (back.Epochs, back.Seed, back.ValidationFraction, back.EarlyStopping));
        Assert.Equal(run.HostSettings, back.HostSettings);

        var (s, t) = (expected.State, actual.State);
        Assert.Equal((s.Epoch, s.EpochsWithoutImprovement), (t.Epoch, t.EpochsWithoutImprovement));
        Assert.Equal(BitConverter.DoubleToInt64Bits(s.BestMonitored), BitConverter.DoubleToInt64Bits(t.BestMonitored));
        Assert.Equal(s.Trace.Epochs.ToArray(), t.Trace.Epochs.ToArray());
        AssertSameModel(s.Model, t.Model);
        OptimizerStateJsonTests.AssertSameState(s.OptimizerState, t.OptimizerState, "adamw");
        Assert.Equal(json, CheckpointFile.ToJson(actual));
    }

    [Fact]
    public void TheStartOfARunRoundTrips()
    {
        var c = ResumeProperties.Make(2, [1, 2, 1], "relu", "sgd", "mse", 5, 5, false, false, 0.0, null, 3, 0);
        var start = Trainer.Start(c.Run.ToConfig());
        var back = CheckpointFile.FromJson(CheckpointFile.ToJson(new Checkpoint(c.Run, start)));
        Assert.Equal(0, back.State.Epoch);
        Assert.True(double.IsPositiveInfinity(back.State.BestMonitored));
        Assert.Empty(back.State.Trace.Epochs);
    }

    [Fact]
    public void SaveWritesAtomicallyAndLoadReadsItBack()
    {
        string folder = Directory.CreateTempSubdirectory("functional-checkpoint-").FullName;
        try
        {
            string path = Path.Combine(folder, "ckpt.json");
            CheckpointFile.Save(path, Sample.Value.Checkpoint);
            Assert.Equal(Sample.Value.Json, File.ReadAllText(path));
            Assert.Equal(Sample.Value.Json, CheckpointFile.ToJson(CheckpointFile.Load(path)));
            AssertSameModel(Sample.Value.Checkpoint.State.Model, ModelFile.LoadModelOrCheckpoint(path));
            var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
            Assert.Equal($"{path}: format is \"functional.checkpoint\", expected \"functional.mlp\"", e.Message);
            Assert.Equal(new[] { path }, Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("version", "7", "ckpt.json: unsupported version 7 (this build reads versions 1 to 2)")]
    [InlineData("version", "0", "ckpt.json: unsupported version 0 (this build reads versions 1 to 2)")]
    [InlineData("version", "1", "ckpt.json: run: unknown field \"rng\" (expected layout, activations, init, loss, optimizer, batch_size, shuffle, drop_last, seed, validation_fraction, early_stopping, epochs, host)")]
    [InlineData("format", "\"functional.mlp\"", "ckpt.json: format is \"functional.mlp\", expected \"functional.checkpoint\"")]
    [InlineData("run.optimizer", "\"adamw:lr=0\"", "ckpt.json: run.optimizer: optimizer 'adamw:lr=0': the learning rate must be a finite number > 0, got 0")]
    [InlineData("run.optimizer", "\"adam:lr=0.01\"", "ckpt.json: optimizer_state.states: the optimizer chains 2 transformations, the file has 3 states")]
    [InlineData("run.optimizer", "\"momentum\"", "ckpt.json: optimizer_state.states: the optimizer chains 2 transformations, the file has 3 states")]
    [InlineData("run.optimizer", "\"adam:lr=0.01,weight_decay=0.1\"", "ckpt.json: optimizer_state.states[0]: the optimizer keeps EmptyState here, the file has ScaleByAdamState")]
    [InlineData("run.batch_size", "0", "ckpt.json: run.batch_size: must be at least 1, got 0")]
    [InlineData("run.validation_fraction", "1", "ckpt.json: run.validation_fraction: must lie in [0, 1), got 1")]
    [InlineData("run.loss", "\"l3\"", "ckpt.json: run.loss: unknown loss 'l3'; valid: mse, mae, huber, bce, bce_logits")]
    [InlineData("run.layout", "[2, 4, 1]", "ckpt.json: model: layout [2,3,1] differs from the run's [2,4,1]")]
    [InlineData("run.epochs", "3", "ckpt.json: epoch: epoch 4 is past the run's last epoch 3")]
    [InlineData("run.early_stopping.patience", "0", "ckpt.json: run.early_stopping.patience: must be at least 1, got 0")]
    [InlineData("epoch", "5", "ckpt.json: trace: has 4 records, epoch says 5")]
    [InlineData("epochs_without_improvement", "-1", "ckpt.json: epochs_without_improvement: must lie in 0..4, got -1")]
    [InlineData("trace[2]", "[4, 1.5]", "ckpt.json: trace[2]: epoch 4 where 3 was expected (the trace lists epochs 1, 2, ... in order)")]
    [InlineData("trace[2]", "[3]", "ckpt.json: trace[2]: expected [epoch, loss] or [epoch, loss, validation_loss], got 1 values")]
    [InlineData("trace[1][1]", "-1e999", "ckpt.json: trace[1][1]: -1e999 is not a finite number")]
    [InlineData("model.layers[1].weight", "[[1, 2, 3], [4, 5, 6]]", "ckpt.json: model: layer 1 weight has 2 rows, layout says 1")]
    [InlineData("model.version", "2", "ckpt.json: model: unsupported model version 2 (this build reads version 1)")]
    [InlineData("optimizer_state.states[0].mu[0].bias", "[0]", "ckpt.json: optimizer_state.states[0].mu: layer 0 bias has 1 values, layout says 3")]
    [InlineData("optimizer_state.states[0].count", "-2", "ckpt.json: optimizer_state.states[0].count: must be at least 0, got -2")]
    [InlineData("run.host", "{\"a\": 1}", "ckpt.json: run.host.a: expected a string, got the number 1")]
    [InlineData("run.rng", "\"numpy\"", "ckpt.json: run.rng: unknown generator 'numpy'; valid: torch, keyed")]
    [InlineData("run.init", "\"tutorial\"", "ckpt.json: run.init: the tutorial's printed start is for its 1-10-10-10-1 net only; the layout is 2-3-1")]
    public void EachProblemGivesOneClearLine(string path, string json, string message)
    {
        var e = Assert.Throws<ModelFormatException>(() => CheckpointFile.FromJson(Edit(Sample.Value.Json, path, json), "ckpt.json"));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_normal_initialiser_with_the_torch_generator_is_refused()
    {
        string json = Edit(Edit(Sample.Value.Json, "run.init", "\"xavier_normal\""), "run.rng", "\"torch\"");
        var e = Assert.Throws<ModelFormatException>(() => CheckpointFile.FromJson(json, "ckpt.json"));
        Assert.Equal("ckpt.json: run.init: 'xavier_normal' draws from a normal distribution, which the torch generator does not reproduce; use a uniform initialiser (torch, xavier_uniform, kaiming_uniform) or the keyed generator", e.Message);
    }

    [Fact]
    public void A_version_1_file_written_before_the_generator_was_recorded_is_a_keyed_run()
    {
        var root = JsonNode.Parse(Sample.Value.Json)!.AsObject();
        Assert.Equal(2, root["version"]!.GetValue<int>());
        Assert.Equal("keyed", root["run"]!["rng"]!.GetValue<string>());
        root["version"] = 1;
        root["run"]!.AsObject().Remove("rng");
        Assert.Equal(RandomSource.Keyed, CheckpointFile.FromJson(root.ToJsonString(), "ckpt.json").Run.Random);
    }

    [Fact]
    public void A_version_2_file_names_its_generator()
    {
        var root = JsonNode.Parse(Sample.Value.Json)!.AsObject();
        root["run"]!.AsObject().Remove("rng");
        var e = Assert.Throws<ModelFormatException>(() => CheckpointFile.FromJson(root.ToJsonString(), "ckpt.json"));
        Assert.Equal("ckpt.json: run: missing \"rng\"", e.Message);
    }

    [Fact]
    public void AMissingPartIsNamed()
    {
        var root = JsonNode.Parse(Sample.Value.Json)!.AsObject();
        root.Remove("optimizer_state");
        var e = Assert.Throws<ModelFormatException>(() => CheckpointFile.FromJson(root.ToJsonString(), "ckpt.json"));
        Assert.Equal("ckpt.json: missing \"optimizer_state\"", e.Message);
    }

    [Fact]
    public void AStateWhoseTraceSkipsEpochsCannotBeSaved()
    {
        var (checkpoint, _) = Sample.Value;
        var broken = checkpoint with { State = checkpoint.State with { Epoch = 3 } };
        Assert.Throws<ArgumentException>(() => CheckpointFile.ToJson(broken));
    }

    [Property(MaxTest = 10_000)] // every reader is fuzzed with 10,000 cases
    public Property ArbitraryBytesGiveACheckpointOrTheLibraryException() => Prop.ForAll(Fuzz.Bytes(Sample.Value.Json), bytes =>
    {
        try
        {
            _ = CheckpointFile.FromJson(System.Text.Encoding.UTF8.GetString(bytes), "ckpt.json");
        }
        catch (ModelFormatException e)
        {
            Assert.StartsWith("ckpt.json: ", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
    });

    [Fact]
    public void EveryTruncationFailsWithTheLibraryException()
    {
        string json = Sample.Value.Json;
        for (int length = 0; length < json.TrimEnd().Length; length += 7)
        {
            Assert.Throws<ModelFormatException>(() => CheckpointFile.FromJson(json[..length], "ckpt.json"));
        }
    }

    [Fact]
    public void ResumedCheckpointMatchesTheStraightRun()
    {
        var (checkpoint, json) = Sample.Value;
        var c = ResumeProperties.Make(9, [2, 3, 1], "tanh", "adamw:lr=0.01", "mse", 12, 5, true, false, 0.25, new EarlyStopping(50, 1e-4), 10, 4);
        var straight = Trainer.Train(c.Run.ToConfig(), c.Data);
        var resumed = CheckpointFile.FromJson(json).Resume(c.Data);
        Assert.Equal(10, resumed.State.Epoch);
        Assert.Equal(straight.Trace.Epochs.ToArray(), resumed.Trace.Epochs.ToArray());
        Assert.True(SameBits(straight.Model.ToFlatArray(), resumed.Model.ToFlatArray()));
        Assert.Equal(4, checkpoint.State.Epoch);
    }
}
