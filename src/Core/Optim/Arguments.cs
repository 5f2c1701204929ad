namespace Functional.Core.Optim;

/// <summary>Argument checks for the hyperparameters of transformations and schedules.</summary>
internal static class Arguments
{
    /// <summary>Throws unless 0 ≤ value &lt; ∞ (NaN fails).</summary>
    internal static void NonNegativeFinite(double value, string name)
    {
        if (!(value >= 0.0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number >= 0, got {Format(value)}");
        }
    }

    /// <summary>Throws unless 0 &lt; value &lt; ∞ (NaN fails).</summary>
    internal static void PositiveFinite(double value, string name)
    {
        if (!(value > 0.0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number > 0, got {Format(value)}");
        }
    }

    /// <summary>Throws unless 0 ≤ value &lt; 1 (NaN fails), the range PyTorch accepts for betas.</summary>
    internal static void InUnitInterval(double value, string name)
    {
        if (!(value >= 0.0 && value < 1.0))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1), got {Format(value)}");
        }
    }

    /// <summary>Throws unless the value is finite.</summary>
    internal static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite, got {Format(value)}");
        }
    }

    /// <summary>Throws unless value ≥ 1.</summary>
    internal static void AtLeastOne(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1, got {value}");
        }
    }

    /// <summary>Throws unless the step count is ≥ 0.</summary>
    internal static void Step(int step)
    {
        if (step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"a schedule's step count must be >= 0, got {step}");
        }
    }

    /// <summary>
    /// Returns an argument exception's own message without the " (Parameter 'x')" suffix and the
    /// "Actual value was" line .NET appends, for messages shown to CLI users.
    /// </summary>
    internal static string Describe(ArgumentException exception)
    {
        string message = exception.Message.Split(Environment.NewLine)[0];
        string suffix = $" (Parameter '{exception.ParamName}')";
        return exception.ParamName is not null && message.EndsWith(suffix, StringComparison.Ordinal)
            ? message[..^suffix.Length]
            : message;
    }

    internal static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
