using System.Diagnostics.Contracts;
using Functional.Core.Random;

namespace Functional.Core.Data;

/// <summary>A data set cut in two: the samples to train on and the samples held out for validation.</summary>
/// <param name="Train">Training samples, in their original order.</param>
/// <param name="Validation">Validation samples, in their original order.</param>
public sealed record TrainValidationSplit(Dataset Train, Dataset Validation);

/// <summary>Seeded train/validation splitting.</summary>
public static class DataSplit
{
    /// <summary>
    /// Returns the number of validation samples for <paramref name="count"/> samples and
    /// <paramref name="validationFraction"/>: round(count · fraction), half away from zero, at least 1 and
    /// at most count - 1 so that both parts are non-empty. Throws <see cref="ArgumentOutOfRangeException"/>
    /// when the fraction is not strictly between 0 and 1 or count is below 2.
    /// </summary>
    [Pure]
    public static int ValidationCount(int count, double validationFraction)
    {
        if (!(validationFraction > 0.0 && validationFraction < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "the validation fraction must lie strictly between 0 and 1");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2, nameof(count));
        int k = (int)Math.Round(count * validationFraction, MidpointRounding.AwayFromZero);
        return Math.Clamp(k, 1, count - 1);
    }

    /// <summary>
    /// Splits <paramref name="data"/> by a seeded permutation drawn from
    /// <c>RandomStreams.For(seed, StreamPurpose.Split, 0)</c>: its first <see cref="ValidationCount"/> indices
    /// go to validation and the rest to training. Each part keeps the samples in their original order and
    /// has fresh matrices; together they hold every sample exactly once. Throws
    /// <see cref="ArgumentOutOfRangeException"/> as <see cref="ValidationCount"/> does.
    /// </summary>
    [Pure]
    public static TrainValidationSplit TrainValidation(Dataset data, double validationFraction, long seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        int k = ValidationCount(data.Count, validationFraction);
        int[] permutation = RandomStreams.For(seed, StreamPurpose.Split).Permutation(data.Count).Values;
        int[] validation = permutation[..k];
        int[] train = permutation[k..];
        Array.Sort(validation);
        Array.Sort(train);
        return new TrainValidationSplit(data.Rows(train), data.Rows(validation));
    }
}
