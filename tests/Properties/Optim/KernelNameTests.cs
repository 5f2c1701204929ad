using System.Text;
using Functional.Core.Optim;

namespace Functional.Properties.Tests.Optim;

/// <summary>
/// Every building block carries a fused kernel (<see cref="GradientTransformation.Kernel"/>) whose diagnostic name
/// is its factory's name in snake case, with the variant that changes the computation named where a factory makes
/// two (Nesterov momentum, centered RMSprop). A chain's name is composed from these (EnginePathTests).
/// </summary>
public sealed class KernelNameTests
{
    [Fact]
    public void A_building_blocks_kernel_is_named_after_its_factory()
    {
        // Built inside the test (not as theory data) so that each factory runs under this test.
        (string Expected, Func<GradientTransformation> Make)[] blocks =
        [
            (Snake(nameof(Transform.Identity)), () => Transform.Identity()),
            (Snake(nameof(Transform.Scale)), () => Transform.Scale(0.5)),
            (Snake(nameof(Transform.Scale)), () => Transform.ScaleByLearningRate(0.1)), // -lr as a constant factor
            (Snake(nameof(Transform.ScaleBySchedule)), () => Transform.ScaleBySchedule(Schedules.Constant(0.5))),
            (Snake(nameof(Transform.ScaleBySchedule)), () => Transform.ScaleByLearningRate(Schedules.Constant(0.1))),
            (Snake(nameof(Transform.AddDecayedWeights)), () => Transform.AddDecayedWeights(0.1)),
            (Snake(nameof(Transform.ClipByGlobalNorm)), () => Transform.ClipByGlobalNorm(1.0)),
            (Snake(nameof(Transform.ClipByValue)), () => Transform.ClipByValue(1.0)),
            (Snake(nameof(Transform.Momentum)), () => Transform.Momentum(0.9)),
            ("nesterov_" + Snake(nameof(Transform.Momentum)), () => Transform.Momentum(0.9, nesterov: true)),
            (Snake(nameof(Transform.ScaleByAdam)), () => Transform.ScaleByAdam()),
            (Snake(nameof(Transform.ScaleByAmsgrad)), () => Transform.ScaleByAmsgrad()),
            (Snake(nameof(Transform.ScaleByRms)), () => Transform.ScaleByRms()),
            ("scale_by_centered_rms", () => Transform.ScaleByRms(centered: true)),
            (Snake(nameof(Transform.ScaleByRss)), () => Transform.ScaleByRss()),
        ];
        Assert.Equal(blocks.Select(b => b.Expected), blocks.Select(b => b.Make().Kernel?.Name));
    }

    [Fact]
    public void Snake_case_splits_at_capitals() => Assert.Equal("clip_by_global_norm", Snake("ClipByGlobalNorm"));

    private static string Snake(string pascal)
    {
        var sb = new StringBuilder();
        foreach (char ch in pascal)
        {
            if (char.IsUpper(ch) && sb.Length > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(ch));
        }

        return sb.ToString();
    }
}
