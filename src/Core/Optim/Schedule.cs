using System.Diagnostics.Contracts;

namespace Functional.Core.Optim;

/// <summary>
/// A learning-rate schedule: a pure function from the number of updates already done (k = 0 for the first
/// update) to the value used by that update. Schedules count optimizer updates, not epochs; see
/// <see cref="Schedules.PerEpoch"/> to step one per epoch as PyTorch's schedulers do by default.
/// </summary>
/// <param name="step">Updates already done, k ≥ 0.</param>
/// <returns>The learning rate (or factor) for update k + 1.</returns>
public delegate double Schedule(int step);

/// <summary>
/// Schedules in the closed forms of PyTorch's <c>torch.optim.lr_scheduler</c>, where PyTorch's
/// <c>last_epoch</c> is our step k. With <c>scheduler.step()</c> called once after every
/// <c>optimizer.step()</c>, PyTorch's k-th update (counting from 0) uses exactly the value these return
/// for k. Every schedule throws <see cref="ArgumentOutOfRangeException"/> for k &lt; 0.
/// </summary>
public static class Schedules
{
    /// <summary>Returns a schedule that is <paramref name="value"/> at every step.</summary>
    [Pure]
    public static Schedule Constant(double value)
    {
        Arguments.Finite(value, nameof(value));
        return step =>
        {
            Arguments.Step(step);
            return value;
        };
    }

    /// <summary>
    /// PyTorch's <c>StepLR</c>: initial · gamma^⌊k / stepSize⌋, so the value drops by a factor gamma every
    /// <paramref name="stepSize"/> updates.
    /// </summary>
    [Pure]
    public static Schedule StepDecay(double initial, int stepSize, double gamma = 0.1)
    {
        Arguments.Finite(initial, nameof(initial));
        Arguments.AtLeastOne(stepSize, nameof(stepSize));
        Arguments.NonNegativeFinite(gamma, nameof(gamma));
        return step =>
        {
            Arguments.Step(step);
            return initial * Math.Pow(gamma, step / stepSize);
        };
    }

    /// <summary>PyTorch's <c>ExponentialLR</c>: initial · gamma^k.</summary>
    [Pure]
    public static Schedule Exponential(double initial, double gamma)
    {
        Arguments.Finite(initial, nameof(initial));
        Arguments.NonNegativeFinite(gamma, nameof(gamma));
        return step =>
        {
            Arguments.Step(step);
            return initial * Math.Pow(gamma, step);
        };
    }

    /// <summary>
    /// PyTorch's <c>CosineAnnealingLR</c> in its documented closed form:
    /// etaMin + (initial − etaMin) · (1 + cos(π k / tMax)) / 2. It is initial at k = 0 and etaMin at
    /// k = tMax; like PyTorch (which implements SGDR's annealing without restarts) it is not clamped, so
    /// past tMax it rises again along the cosine.
    /// </summary>
    [Pure]
    public static Schedule CosineAnnealing(double initial, int tMax, double etaMin = 0.0)
    {
        Arguments.Finite(initial, nameof(initial));
        Arguments.AtLeastOne(tMax, nameof(tMax));
        Arguments.Finite(etaMin, nameof(etaMin));
        return step =>
        {
            Arguments.Step(step);
            return etaMin + (initial - etaMin) * (1.0 + Math.Cos(Math.PI * step / tMax)) / 2.0;
        };
    }

    /// <summary>
    /// Linear warm-up, then <paramref name="after"/>: for k &lt; warmupSteps the value is
    /// after(0) · (startFactor + (1 − startFactor) · k / warmupSteps) (PyTorch's <c>LinearLR</c> with
    /// end factor 1); from k = warmupSteps on it is after(k − warmupSteps), the wrapped schedule starting
    /// its own count at the end of the warm-up as under PyTorch's <c>SequentialLR</c>. With the default
    /// start factor 0 the first update has rate 0.
    /// </summary>
    [Pure]
    public static Schedule LinearWarmup(int warmupSteps, Schedule after, double startFactor = 0.0)
    {
        Arguments.AtLeastOne(warmupSteps, nameof(warmupSteps));
        ArgumentNullException.ThrowIfNull(after);
        if (!(startFactor >= 0.0 && startFactor <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, $"startFactor must be in [0, 1], got {Arguments.Format(startFactor)}");
        }

        return step =>
        {
            Arguments.Step(step);
            return step < warmupSteps
                ? after(0) * (startFactor + (1.0 - startFactor) * step / warmupSteps)
                : after(step - warmupSteps);
        };
    }

    /// <summary>
    /// Adagrad's learning-rate decay: initial / (1 + k · decay), PyTorch's γ / (1 + (t − 1) η) with t = k + 1.
    /// </summary>
    [Pure]
    public static Schedule InverseTimeDecay(double initial, double decay)
    {
        Arguments.Finite(initial, nameof(initial));
        Arguments.NonNegativeFinite(decay, nameof(decay));
        return step =>
        {
            Arguments.Step(step);
            return initial / (1.0 + step * decay);
        };
    }

    /// <summary>
    /// Steps <paramref name="perEpoch"/> once per epoch: update k uses perEpoch(⌊k / stepsPerEpoch⌋), as a
    /// PyTorch scheduler stepped after each epoch of <paramref name="stepsPerEpoch"/> updates.
    /// </summary>
    [Pure]
    public static Schedule PerEpoch(Schedule perEpoch, int stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(perEpoch);
        Arguments.AtLeastOne(stepsPerEpoch, nameof(stepsPerEpoch));
        return step =>
        {
            Arguments.Step(step);
            return perEpoch(step / stepsPerEpoch);
        };
    }
}
