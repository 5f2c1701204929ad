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
        Assert.Equal(expected, OptimizerSpec.Named(name).DefaultLearningRate);
        Assert.Equal(expected, OptimizerSpec.Parse(name).EffectiveLearningRate);
    }

    [Fact]
    public void UnknownNameListsTheValidNames()
    {
        var e = Assert.Throws<FormatException>(() => OptimizerSpec.Parse("adamx"));
        Assert.Contains("adamx", e.Message);
        Assert.Contains("sgd, momentum, nesterov, adam, amsgrad, adamw, rmsprop, adagrad", e.Message);
        var a = Assert.Throws<ArgumentException>(() => OptimizerSpec.Named("lbfgs"));
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
        var a = Assert.ThrowsAny<ArgumentException>(() => new OptimizerSpec.Sgd { LearningRate = double.Parse(lr, System.Globalization.CultureInfo.InvariantCulture) }.Create());
        Assert.Contains($"got {lr}", a.Message);
    }

    [Fact]
    public void RejectsOptionsThatDoNotApplyAndMalformedOnes()
    {
        var e = Assert.Throws<FormatException>(() => OptimizerSpec.Parse("sgd:beta1=0.9"));
        Assert.Contains("sgd takes: lr, momentum, dampening, nesterov, weight_decay, clip_norm, clip_value", e.Message);
        Assert.Throws<FormatException>(() => OptimizerSpec.Parse("adam:lr"));
        Assert.Throws<FormatException>(() => OptimizerSpec.Parse("adam:lr=fast"));
        Assert.Throws<FormatException>(() => OptimizerSpec.Parse("rmsprop:centered=maybe"));
        var inapplicable = Assert.Throws<FormatException>(() => new OptimizerSpec.Adam().With("momentum", 0.9));
        Assert.Contains("adam takes: lr, weight_decay, beta1, beta2, eps, amsgrad, clip_norm, clip_value", inapplicable.Message);
        var beta = Assert.Throws<FormatException>(() => OptimizerSpec.Parse("adam:beta2=1"));
        Assert.Contains("beta2", beta.Message);
    }

    [Fact]
    public void ParseReadsOptionsAndToStringRoundTrips()
    {
        var spec = OptimizerSpec.Parse(" AdamW:lr=3e-4, weight_decay=0.1,clip_norm=1 ");
        Assert.Equal(new OptimizerSpec.AdamW(WeightDecay: 0.1) { LearningRate = 3e-4, ClipNorm = 1.0 }, spec);
        Assert.Equal("adamw:lr=0.0003,weight_decay=0.1,clip_norm=1", spec.ToString());
        Assert.Equal(spec, OptimizerSpec.Parse(spec.ToString()));
        Assert.Equal(new OptimizerSpec.RmsProp(Momentum: 0.9, Centered: true), OptimizerSpec.Parse("rmsprop:centered=true,momentum=0.9"));
        Assert.Equal("rmsprop:momentum=0.9,centered=true", OptimizerSpec.Parse("rmsprop:centered=true,momentum=0.9").ToString());
    }

    [Theory]
    [InlineData("sgd:lr=0.1,momentum=0.9,dampening=0,nesterov=true,weight_decay=0.01,clip_norm=1,clip_value=2")]
    [InlineData("momentum:lr=0.1,momentum=0.5,dampening=0.1,weight_decay=0.01,clip_norm=1,clip_value=2")]
    [InlineData("nesterov:lr=0.1,momentum=0.5,weight_decay=0.01,clip_norm=1,clip_value=2")]
    [InlineData("adam:lr=0.1,weight_decay=0.01,beta1=0.8,beta2=0.99,eps=1E-06,amsgrad=true,clip_norm=1,clip_value=2")]
    [InlineData("amsgrad:lr=0.1,weight_decay=0.01,beta1=0.8,beta2=0.99,eps=1E-06,clip_norm=1,clip_value=2")]
    [InlineData("adamw:lr=0.1,weight_decay=0.01,beta1=0.8,beta2=0.99,eps=1E-06,amsgrad=false,clip_norm=1,clip_value=2")]
    [InlineData("rmsprop:lr=0.1,momentum=0.5,weight_decay=0.01,eps=1E-06,alpha=0.9,centered=true,clip_norm=1,clip_value=2")]
    [InlineData("adagrad:lr=0.1,weight_decay=0.01,eps=1E-06,lr_decay=0.5,initial_accumulator_value=0.1,clip_norm=1,clip_value=2")]
    public void EveryKeyOfEveryNameRoundTripsThroughTheText(string text)
    {
        // Every key the name takes, in the written order: the text comes back unchanged, and so does the value.
        var spec = OptimizerSpec.Parse(text);
        Assert.Equal(text, spec.ToString());
        Assert.Equal(spec, OptimizerSpec.Parse(spec.ToString()));
        Assert.Equal(text.Split(':')[1].Split(',').Select(kv => kv.Split('=')[0]), spec.Keys);
        Assert.Equal(0.1, spec.EffectiveLearningRate);
    }

    [Fact]
    public void WithSetsANumberByItsKeyAndOptionTextReadsItBack()
    {
        var spec = OptimizerSpec.Named("rmsprop").With("momentum", 0.5).With("lr", 0.2);
        Assert.Equal(new OptimizerSpec.RmsProp(Momentum: 0.5) { LearningRate = 0.2 }, spec);
        Assert.Equal("0.5", spec.OptionText("momentum"));
        Assert.Null(spec.OptionText("alpha"));
        Assert.Null(spec.OptionText("beta1"));
        // A flag is not a number: With refuses it as it refuses a key the optimizer does not take.
        Assert.Throws<FormatException>(() => spec.With("centered", 1));
    }

    [Fact]
    public void OptionKeysListEveryKeyOnceWithClippingLast()
    {
        Assert.Equal(
            ["lr", "momentum", "dampening", "nesterov", "weight_decay", "beta1", "beta2", "eps", "amsgrad", "alpha", "centered", "lr_decay", "initial_accumulator_value", "clip_norm", "clip_value"],
            OptimizerSpec.OptionKeys);
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
    public void CreateWithAScheduleStartsFromTheSpecsRate()
    {
        var p = Run(OptimizerSpec.Parse("sgd:lr=0.1").Create(ScheduleSpec.Parse("exponential:gamma=0.5")), Net11(0.5, -0.3), [0.2, -0.1], [-0.4, 0.3]);
        AllClose([0.5, -0.305], p[1]);  // as in ScheduleTests: 0.5 − 0.1·0.2 + 0.05·0.4
    }
}
