using Functional.Core.Optim;
using static Functional.Properties.Tests.Optim.OptimTestKit;
using static Functional.Properties.Tests.TestSupport.AssertClose;

namespace Functional.Properties.Tests.Optim;

/// <summary>The registry: names, defaults, parsing and validation messages.</summary>
public sealed class OptimizerSpecTests
{
    [Fact]
    public void RegistersTheEightNames()
    {
        Assert.Equal(["sgd", "momentum", "nesterov", "adam", "amsgrad", "adamw", "rmsprop", "adagrad"], OptimizerSpec.Names);
    }

    [Theory]
    [InlineData("sgd", 0.01)]
    [InlineData("momentum", 0.01)]
    [InlineData("nesterov", 0.01)]
    [InlineData("adam", 1e-3)]
    [InlineData("amsgrad", 1e-3)]
    [InlineData("adamw", 1e-3)]
    [InlineData("rmsprop", 0.01)]
    [InlineData("adagrad", 0.01)]
    public void DefaultLearningRates(string name, double expected)
    {
        Assert.Equal(expected, OptimizerSpec.DefaultLearningRate(name));
        Assert.Equal(expected, OptimizerSpec.Parse(name).EffectiveLearningRate);
    }

    [Fact]
    public void UnknownNameListsTheValidNames()
    {
        var e = Assert.Throws<FormatException>(() => OptimizerSpec.Parse("adamx"));
        Assert.Contains("adamx", e.Message);
        Assert.Contains("sgd, momentum, nesterov, adam, amsgrad, adamw, rmsprop, adagrad", e.Message);
        var a = Assert.Throws<ArgumentException>(() => new OptimizerSpec("lbfgs").Create());
        Assert.Contains("adagrad", a.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.1")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void RejectsLearningRatesThatAreNotPositiveAndFinite(string lr)
    {
        var e = Assert.Throws<FormatException>(() => OptimizerSpec.Parse($"adam:lr={lr}"));
        Assert.Contains($"got {lr}", e.Message);
        Assert.Contains("learning rate", e.Message);
        Assert.DoesNotContain("Parameter", e.Message);
        var a = Assert.ThrowsAny<ArgumentException>(() => new OptimizerSpec("sgd", LearningRate: double.Parse(lr, System.Globalization.CultureInfo.InvariantCulture)).Create());
        Assert.Contains($"got {lr}", a.Message);
    }

    [Fact]
    public void RejectsOptionsThatDoNotApplyAndMalformedOnes()
    {
        var e = Assert.Throws<FormatException>(() => OptimizerSpec.Parse("sgd:beta1=0.9"));
        Assert.Contains("lr, momentum, dampening, weight_decay", e.Message);
        Assert.Throws<FormatException>(() => OptimizerSpec.Parse("adam:lr"));
        Assert.Throws<FormatException>(() => OptimizerSpec.Parse("adam:lr=fast"));
        Assert.Throws<FormatException>(() => OptimizerSpec.Parse("rmsprop:centered=maybe"));
        Assert.Throws<ArgumentException>(() => new OptimizerSpec("adam", Momentum: 0.9).Create());
        var beta = Assert.Throws<FormatException>(() => OptimizerSpec.Parse("adam:beta2=1"));
        Assert.Contains("beta2", beta.Message);
    }

    [Fact]
    public void ParseReadsOptionsAndToStringRoundTrips()
    {
        var spec = OptimizerSpec.Parse(" AdamW:lr=3e-4, weight_decay=0.1,clip_norm=1 ");
        Assert.Equal(new OptimizerSpec("adamw", LearningRate: 3e-4, WeightDecay: 0.1, ClipNorm: 1.0), spec);
        Assert.Equal("adamw:lr=0.0003,weight_decay=0.1,clip_norm=1", spec.ToString());
        Assert.Equal(spec, OptimizerSpec.Parse(spec.ToString()));
        Assert.Equal(true, OptimizerSpec.Parse("rmsprop:centered=true,momentum=0.9").Centered);
    }

    [Fact]
    public void ClippingFromTheSpecRunsBeforeTheOptimizer()
    {
        // clip_value = 0.15 then SGD lr 1: θ1 = [0.5 − 0.15, −0.3 + 0.1] (only 0.2 is clipped).
        var p = Run(OptimizerSpec.Parse("sgd:lr=1,clip_value=0.15").Create(), Net11(0.5, -0.3), [0.2, -0.1]);
        AllClose([0.35, -0.2], p[0]);
        // clip_norm = 0.25 on g = [0.3, 0.4] (norm 0.5): g·0.25/(0.5 + 1e-6); θ1 = θ0 − g·0.25/0.500001.
        var q = Run(OptimizerSpec.Parse("sgd:lr=1,clip_norm=0.25").Create(), Net11(0.5, -0.3), [0.3, 0.4]);
        AllClose([0.5 - 0.3 * 0.25 / 0.500001, -0.3 - 0.4 * 0.25 / 0.500001], q[0]);
    }

    [Fact]
    public void CreateWithAScheduleReplacesTheFixedRate()
    {
        var p = Run(OptimizerSpec.Parse("sgd").Create(Schedules.Exponential(0.1, 0.5)), Net11(0.5, -0.3), [0.2, -0.1], [-0.4, 0.3]);
        AllClose([0.5, -0.305], p[1]);  // as in ScheduleTests: 0.5 − 0.1·0.2 + 0.05·0.4
    }
}
