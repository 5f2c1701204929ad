using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Properties.Tests.TestSupport;

namespace Functional.Properties.Tests.Model;

public class GradientProperties
{
    // The fourth-order central difference with h = 1e-4 has truncation error O(h^4) and rounding error
    // about eps·|L|/h ≈ 1e-12 absolute. Backprop must agree to 1e-6 relative; gradients smaller than the
    // floor 1e-5 are judged against the floor (an absolute 1e-11), since no finite difference in double
    // can resolve them more finely.
    private const double Tolerance = 1e-6;
    private const double Floor = 1e-5;

    // The stencil moves a parameter by up to 2h; pre-activations within this margin of a kink are skipped.
    private const double KinkMargin = 1e-2;

    // Only cases away from kinks are drawn (and shrunk): near one no finite difference is an oracle.
    private static Arbitrary<NetCase> Checkable(Loss? loss = null) => Generators.NetCases(loss).Filter(c => c.AwayFromKinks(KinkMargin));

    [Property(MaxTest = 300)]
    public Property Backprop_equals_central_differences_for_random_nets_activations_batches_and_losses() =>
        Prop.ForAll(Checkable(), c =>
        {
            var result = GradientCheck.Check(c.Model, c.Loss, c.X, c.Y, step: 1e-4, floor: Floor);
            Assert.True(result.MaxRelativeError < Tolerance, $"{c}: {result}");
        });

    [Theory]
    [InlineData("mse")]
    [InlineData("mae")]
    [InlineData("huber")]
    [InlineData("huber:0.3")]
    [InlineData("bce")]
    [InlineData("bce_logits")]
    public void Every_loss_passes_the_gradient_check_on_many_nets(string lossName)
    {
        var loss = Loss.Parse(lossName);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), Prop.ForAll(Checkable(loss), c =>
        {
            var result = GradientCheck.Check(c.Model, c.Loss, c.X, c.Y, step: 1e-4, floor: Floor);
            Assert.True(result.MaxRelativeError < Tolerance, $"{c}: {result}");
        }));
    }

    [Fact]
    public void Every_activation_appears_in_a_checked_case()
    {
        // Guards the generator above: each activation must actually be exercised by the property,
        // and most generated cases must be checkable rather than near a kink.
        var seen = new HashSet<ActivationKind>();
        int checkedCases = 0;
        foreach (var c in Generators.Fixed(Generators.NetCaseGen(), seed: 1, count: 300))
        {
            if (c.AwayFromKinks(KinkMargin))
            {
                checkedCases++;
                seen.UnionWith(c.Model.Activations.Select(a => a.Kind));
            }
        }

        Assert.Equal(Enum.GetValues<ActivationKind>().Length, seen.Count);
        Assert.True(checkedCases >= 150, $"only {checkedCases} of 300 cases were away from kinks");
    }

    [Fact]
    public void Gradient_check_reports_a_wrong_gradient()
    {
        // A deliberately wrong "loss gradient" must be caught: MSE value with an MAE-like gradient.
        var c = Generators.Fixed(Generators.NetCaseGen(new MseLoss()), seed: 7);
        var result = GradientCheck.Check(c.Model, new WrongGradientLoss(), c.X, c.Y);
        Assert.True(result.MaxRelativeError > 1e-2, result.ToString());
    }

    private sealed record WrongGradientLoss : Loss
    {
        public override string Name => "wrong";

        protected override double Element(double prediction, double target) => (prediction - target) * (prediction - target);

        protected override double ElementDerivative(double prediction, double target) => 3.0 * (prediction - target);
    }
}
