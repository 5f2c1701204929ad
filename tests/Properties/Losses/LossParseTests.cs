using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Losses;
using Functional.Core.Model;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.Losses;

/// <summary>
/// Names as checkpoints store them: every loss comes back from its own name as the same loss, computing the
/// same values; and every malformed name is refused with a message that says what is wrong.
/// </summary>
public sealed class LossParseTests
{
    private static readonly Loss[] Every =
        [new MseLoss(), new MaeLoss(), new HuberLoss(), new HuberLoss(0.3), new HuberLoss(2.5), new HuberLoss(1e-300), new BceLoss(), new BceWithLogitsLoss()];

    public static TheoryData<string, string> Names => new()
    {
        { "mse", "mse" }, { "MSE", "mse" }, { " l2 ", "mse" }, { "mae", "mae" }, { "l1", "mae" }, { "huber", "huber" },
        { "huber:1", "huber" }, { "huber:0.5", "huber:0.5" }, { "Huber:2E-1", "huber:0.2" }, { "bce", "bce" },
        { "bce_logits", "bce_logits" }, { "bce-logits", "bce_logits" }, { "BCEWithLogits", "bce_logits" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Spellings_parse_to_the_canonical_name(string text, string name) => Assert.Equal(name, Loss.Parse(text).Name);

    [Fact]
    public void Every_loss_round_trips_through_its_name()
    {
        foreach (var loss in Every)
        {
            var back = Loss.Parse(loss.Name);
            Assert.Equal(loss, back); // records: same type and same delta
            Assert.Equal(loss.Name, back.Name);
        }
    }

    [Property(MaxTest = 100)]
    public Property A_huber_delta_survives_the_round_trip_bit_for_bit() =>
        Prop.ForAll(Gen.Choose(1, int.MaxValue).Two().Select(p => Math.ScaleB(p.Item1 / (double)int.MaxValue, p.Item2 % 60 - 30)).ToArbitrary(), delta =>
        {
            var back = Assert.IsType<HuberLoss>(Loss.Parse(new HuberLoss(delta).Name));
            Assert.Equal(BitConverter.DoubleToInt64Bits(delta), BitConverter.DoubleToInt64Bits(back.Delta));
        });

    [Theory]
    [InlineData("huber:-1", "huber's delta must be a positive number")]
    [InlineData("huber:0", "huber's delta must be a positive number")]
    [InlineData("huber:-0", "huber's delta must be a positive number")]
    [InlineData("huber:inf", "huber's delta must be a positive number")]
    [InlineData("huber:Infinity", "huber's delta must be a positive number")]
    [InlineData("huber:NaN", "huber's delta must be a positive number")]
    [InlineData("huber:", "huber's delta must be a positive number")]
    [InlineData("huber:one", "huber's delta must be a positive number")]
    [InlineData("mse:2", "mse takes no parameter")]
    [InlineData("bce:0.5", "bce takes no parameter")]
    [InlineData("hinge", "unknown loss 'hinge'; valid: mse, mae, huber, bce, bce_logits")]
    [InlineData("", "unknown loss ''")]
    public void Malformed_names_are_refused_with_the_reason(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => Loss.Parse(text));
        Assert.Contains(reason, e.Message);
        Assert.Contains($"'{text}'", e.Message);
    }

    [Fact]
    public void Null_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => Loss.Parse(null!));
        var m = Matrix<double>.Build.Dense(2, 1);
        foreach (var loss in Every)
        {
            Assert.Equal("prediction", Assert.Throws<ArgumentNullException>(() => loss.Value(null!, m)).ParamName);
            Assert.Equal("target", Assert.Throws<ArgumentNullException>(() => loss.Value(m, (Matrix<double>)null!)).ParamName);
            Assert.Equal("target", Assert.Throws<ArgumentNullException>(() => loss.Value(m, (Functional.Core.ReadOnlyMatrix)null!)).ParamName);
            Assert.Equal("prediction", Assert.Throws<ArgumentNullException>(() => loss.Gradient(null!, m)).ParamName);
            Assert.Equal("target", Assert.Throws<ArgumentNullException>(() => loss.Gradient(m, null!)).ParamName);
        }
    }

    [Fact]
    public void The_logits_gradient_keeps_a_subnormal_probability()
    {
        // σ(−720) = e^−720 / (1 + e^−720) = e^−720 ≈ 2.9e−313, a subnormal that 1 / (1 + e^720) would lose to 0.
        double p = Math.Exp(-720);
        Assert.True(p > 0);
        Assert.Equal(p, new BceWithLogitsLoss().Gradient(Matrix<double>.Build.Dense(1, 1, -720.0), Matrix<double>.Build.Dense(1, 1, 0.0))[0, 0]);
    }

    [Theory]
    [InlineData("leaky_relu:inf", "'inf' is not a finite number")]
    [InlineData("leaky_relu:-Infinity", "'-infinity' is not a finite number")]
    [InlineData("elu:nan", "'nan' is not a finite number")]
    [InlineData("elu:x", "'x' is not a finite number")]
    [InlineData("relu:0.1", "relu takes no parameter")]
    [InlineData("tanh:1", "tanh takes no parameter")]
    [InlineData("swish", "unknown activation 'swish'")]
    [InlineData("leaky_-relu", "unknown activation 'leaky_-relu'")]
    [InlineData("le-aky_relu", "unknown activation 'le-aky_relu'")]
    public void Malformed_activation_names_are_refused_with_the_reason(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => Activation.Parse(text));
        Assert.Contains(reason, e.Message);
    }

    [Theory]
    [InlineData("leaky_relu:-0.5", ActivationKind.LeakyRelu, -0.5)]
    [InlineData("LeakyReLU", ActivationKind.LeakyRelu, 0.01)]
    [InlineData("leaky-relu:1e-1", ActivationKind.LeakyRelu, 0.1)]
    [InlineData("elu", ActivationKind.Elu, 1.0)]
    [InlineData(" ELU:2 ", ActivationKind.Elu, 2.0)]
    [InlineData("none", ActivationKind.Identity, 0.0)]
    [InlineData("linear", ActivationKind.Identity, 0.0)]
    public void Activation_spellings_and_parameters_parse(string text, ActivationKind kind, double parameter)
    {
        var activation = Activation.Parse(text);
        Assert.Equal(kind, activation.Kind);
        Assert.Equal(parameter, activation.Parameter);
        Assert.Equal(activation, Activation.Parse(activation.Name));
    }

    [Fact]
    public void Losses_compute_the_same_after_a_round_trip()
    {
        var p = Matrix<double>.Build.DenseOfColumnArrays([0.2, 0.7, 0.9], [0.4, 0.1, 0.6]);
        var t = Matrix<double>.Build.DenseOfColumnArrays([0.0, 1.0, 1.0], [1.0, 0.0, 0.5]);
        foreach (var loss in Every)
        {
            var back = Loss.Parse(loss.Name);
            Assert.Equal(loss.Value(p, t), back.Value(p, t));
            Assert.Equal(loss.Gradient(p, t).ToColumnMajorArray(), back.Gradient(p, t).ToColumnMajorArray());
        }
    }
}
