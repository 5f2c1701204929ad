using System.Diagnostics.Contracts;
using Functional.Core.Engine;
using Functional.Core.Model;

namespace Functional.Core.Optim;

/// <summary>The state of <see cref="Transform.ScaleBySchedule"/>: the number of updates done so far.</summary>
/// <param name="Count">Updates already done; the next update uses the schedule's value at this step.</param>
public sealed record ScaleByScheduleState(int Count) : TransformState;

public static partial class Transform
{
    /// <summary>Multiplies every update by <paramref name="factor"/>. Stateless.</summary>
    /// <returns>A transformation whose updates are factor · gradients (a fresh tree).</returns>
    [Pure]
    public static GradientTransformation Scale(double factor)
    {
        Arguments.Finite(factor, nameof(factor));
        return new GradientTransformation(
            static _ => EmptyState.Instance,
            (gradients, state, _) =>
            {
                ArgumentNullException.ThrowIfNull(gradients);
                return (Multiply(gradients, factor), state);
            }).WithKernel("scale", ScaleKernel.For(factor));
    }

    /// <summary>
    /// Multiplies every update by -<paramref name="learningRate"/>, turning a descent direction into the
    /// update that is added to the parameters. Stateless. Throws when the rate is negative or not finite.
    /// </summary>
    [Pure]
    public static GradientTransformation ScaleByLearningRate(double learningRate)
    {
        Arguments.NonNegativeFinite(learningRate, nameof(learningRate));
        return Scale(-learningRate);
    }

    /// <summary>
    /// Multiplies the updates of step k (k = 0 for the first update) by -<paramref name="learningRate"/>(k).
    /// The state counts updates (<see cref="ScaleByScheduleState"/>).
    /// </summary>
    [Pure]
    public static GradientTransformation ScaleByLearningRate(Schedule learningRate)
    {
        ArgumentNullException.ThrowIfNull(learningRate);
        return ScaleBySchedule(step => -learningRate(step));
    }

    /// <summary>
    /// Multiplies the updates of step k (k = 0 for the first update) by <paramref name="factor"/>(k). The
    /// schedule is called once per update with the count held in <see cref="ScaleByScheduleState"/>.
    /// </summary>
    [Pure]
    public static GradientTransformation ScaleBySchedule(Schedule factor)
    {
        ArgumentNullException.ThrowIfNull(factor);
        return new GradientTransformation(
            static _ => new ScaleByScheduleState(0),
            (gradients, state, _) =>
            {
                ArgumentNullException.ThrowIfNull(gradients);
                var s = ParameterStorage.Expect<ScaleByScheduleState>(state, nameof(ScaleBySchedule));
                double value = factor(s.Count);
                return (Multiply(gradients, value), new ScaleByScheduleState(checked(s.Count + 1)));
            }).WithKernel("scale_by_schedule", ScheduleKernel.For(factor));
    }

    /// <summary>Returns a fresh tree factor · tree.</summary>
    private static ParameterTree Multiply(ParameterTree tree, double factor)
    {
        var source = ParameterStorage.Read(tree);
        var (result, target) = ParameterStorage.Allocate(tree);
        for (int s = 0; s < source.Length; s++)
        {
            double[] x = source[s], y = target[s];
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = factor * x[i];
            }
        }

        return result;
    }
}
