using System.Globalization;

namespace Functional.Core.Training;

/// <summary>
/// The rules a run's numbers obey, held once: <see cref="TrainingConfig.Validate"/>, the optimizer specs and the
/// sweep grid check with them, and a host calls them to check its options before it builds a run. Each returns
/// the value when it holds and otherwise throws <see cref="ArgumentOutOfRangeException"/> whose parameter is the
/// value's name and whose message states the rule (e.g. <c>must be 0 or more</c>), so a host can say which of
/// its options broke it.
/// </summary>
public static class RunRules
{
    /// <summary>Epochs: from 0 up to 10,000,000.</summary>
    public static int Epochs(int epochs) =>
        epochs < 0 ? throw Broken(nameof(epochs), epochs, "must be 0 or more")
        : epochs > Limits.MaxEpochs ? throw Broken(nameof(epochs), epochs, string.Create(CultureInfo.InvariantCulture, $"at most {Limits.MaxEpochs:N0}"))
        : epochs;

    /// <summary>The share of samples held out for validation: in [0, 1).</summary>
    public static double ValidationFraction(double fraction) =>
        fraction >= 0.0 && fraction < 1.0 ? fraction : throw Broken(nameof(fraction), fraction, "must lie in [0, 1)");

    /// <summary>Early stopping's patience: at least 1 epoch.</summary>
    public static int Patience(int patience) =>
        patience >= 1 ? patience : throw Broken(nameof(patience), patience, "must be at least 1");

    /// <summary>Early stopping's smallest improvement: finite and ≥ 0.</summary>
    public static double MinDelta(double minDelta) =>
        minDelta >= 0.0 && double.IsFinite(minDelta) ? minDelta : throw Broken(nameof(minDelta), minDelta, "must be a finite number >= 0");

    /// <summary>A learning rate: finite and &gt; 0 (PyTorch also accepts 0, which does not train).</summary>
    public static double LearningRate(double learningRate) =>
        learningRate > 0.0 && double.IsFinite(learningRate)
            ? learningRate
            : throw Broken(nameof(learningRate), learningRate, "the learning rate must be a finite number > 0");

    /// <summary>
    /// Runs a rule on a record's field and rethrows a broken rule as <see cref="ArgumentException"/> naming the
    /// field (<paramref name="field"/>), as a record's Validate reports it.
    /// </summary>
    internal static void ForField(string field, Action rule)
    {
        try
        {
            rule();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"{field}: {Optim.Arguments.Describe(e)}", field, e);
        }
    }

    private static ArgumentOutOfRangeException Broken(string name, object value, string rule) => new(name, value, rule);
}
