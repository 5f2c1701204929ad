using System.Text.Json;
using Functional.Core.Data;
using Functional.Core.Training;
using Xunit.Abstractions;

namespace Functional.Properties.Tests.Parity;

/// <summary>
/// Whole runs against PyTorch 1.13 in float64 (fixtures/training.json): the tutorial's regression from its
/// printed start with <c>torch.manual_seed(seed)</c> before the first epoch, and the tutorial's XOR from
/// <c>torch.manual_seed(seed)</c> before the model is built. The tolerances are the agreement measured
/// (docs/parity.md), with a small margin: float64 sums taken in another order differ in the last bits, and
/// 200,000 Adam steps carry such differences along.
/// </summary>
public sealed class TrainingParityTests(ITestOutputHelper output)
{
    private static readonly JsonElement Fixture = ParityFixture.Load("training.json");

    public static TheoryData<int> RegressionCases() => ParityFixture.Cases(Fixture, "regression");

    public static TheoryData<int> XorCases() => ParityFixture.Cases(Fixture, "xor");

    [Theory]
    [MemberData(nameof(RegressionCases))]
    public void The_regression_from_the_printed_start_follows_PyTorch_epoch_by_epoch(int index)
    {
        var c = Fixture.GetProperty("regression")[index];
        long seed = c.GetProperty("seed").GetInt64();
        var trace = Trainer.Train(TutorialRuns.Regression(c.GetProperty("epochs").GetInt32(), seed), TutorialData.Generate()).Trace.Epochs;

        double[] first = c.GetProperty("first").Doubles();
        double worstFirst = first.Select((e, i) => ParityFixture.Relative(e, trace[i].Loss)).Max();
        var logged = c.GetProperty("logged").EnumerateArray().Select(static l => (Epoch: l[0].GetInt32(), Loss: l[1].GetDouble())).ToArray();
        double worstLogged = logged.Max(l => ParityFixture.Relative(l.Loss, trace[l.Epoch - 1].Loss));
        output.WriteLine($"seed {seed}: first {first.Length} epoch sums worst relative difference {worstFirst:E2}; {logged.Length} logged sums {worstLogged:E2}");

        Assert.True(worstFirst <= 1e-13, $"seed {seed}: the first {first.Length} epoch sums differ from PyTorch's by up to {worstFirst:E2} relative");
        Assert.True(worstLogged <= 1e-8, $"seed {seed}: the logged sums differ from PyTorch's by up to {worstLogged:E2} relative");
    }

    [Theory]
    [MemberData(nameof(XorCases))]
    public void Xor_from_a_PyTorch_seed_starts_and_trains_as_PyTorch(int index)
    {
        var c = Fixture.GetProperty("xor")[index];
        long seed = c.GetProperty("seed").GetInt64();
        var config = TutorialRuns.Xor(seed: seed);

        var start = Trainer.Start(config);
        var result = Trainer.Train(config, XorData.Create());

        Assert.Equal(c.GetProperty("start").Doubles(), start.Model.ToFlatArray());
        double[] losses = c.GetProperty("losses").Doubles();
        double worst = losses.Select((e, i) => ParityFixture.Relative(e, result.Trace.Epochs[i].Loss)).Max();
        double[] final = c.GetProperty("final").Doubles();
        double worstFinal = final.Select((e, i) => ParityFixture.Relative(e, result.Model.ToFlatArray()[i])).Max();
        output.WriteLine($"xor seed {seed}: 1000 losses worst relative difference {worst:E2}; final parameters {worstFinal:E2}");

        Assert.True(worst <= 1e-9, $"xor seed {seed}: losses differ from PyTorch's by up to {worst:E2} relative");
        Assert.True(worstFinal <= 1e-9, $"xor seed {seed}: final parameters differ from PyTorch's by up to {worstFinal:E2} relative");
    }
}
