using System.Collections.Immutable;
using System.Globalization;
using Functional.Core;
using Functional.Core.Data;
using Functional.Core.Model;
using Functional.Core.Random;

namespace Functional.Cli;

/// <summary>Turns option text into Core values, throwing <see cref="UsageException"/> naming the option.</summary>
internal static class OptionParsers
{
    /// <summary>Parses a layout such as <c>1,10,10,10,1</c>.</summary>
    public static ImmutableArray<int> Layout(string text, string option = "--layout")
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = ImmutableArray.CreateBuilder<int>(parts.Length);
        foreach (string part in parts)
        {
            if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int width))
            {
                throw new UsageException($"{option} '{AtomicFile.Excerpt(text)}': '{AtomicFile.Excerpt(part)}' is not a whole number; expected widths like 1,10,10,10,1");
            }

            if (width < 1)
            {
                throw new UsageException($"{option} '{text}': width {width} must be at least 1");
            }

            if (width > Limits.MaxWidth)
            {
                throw new UsageException($"{option} '{text}': width {width} is above {Limits.MaxWidth:N0}, the widest layer allowed");
            }

            widths.Add(width);
        }

        if (widths.Count < 2)
        {
            throw new UsageException($"{option} '{text}': a layout needs at least two widths (inputs and outputs), like 1,10,1");
        }

        if (Limits.ParameterCount(widths) > Limits.MaxParameters)
        {
            throw new UsageException($"{option} '{text}': more than {Limits.MaxParameters:N0} parameters, the most a network may have");
        }

        return widths.ToImmutable();
    }

    /// <summary>
    /// Checks an option's value with one of Core's rules (<c>RunRules</c>) and returns it. Throws
    /// <see cref="UsageException"/> <c>OPTION VALUE: RULE</c>, e.g. <c>--epochs -1: must be 0 or more</c>.
    /// </summary>
    public static T Rule<T>(Func<T, T> rule, T value, string option)
    {
        try
        {
            return rule(value);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option} {value}: {Functional.Core.Optim.Arguments.Describe(e)}"));
        }
    }

    /// <summary>Parses --batch-size with Core's rule (<c>BatchOptions.ParseSize</c>): a whole number ≥ 1, or 'all'.</summary>
    public static int BatchSize(string text)
    {
        try
        {
            return BatchOptions.ParseSize(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--batch-size {e.Message}");
        }
    }

    /// <summary>Checks with Core's rule (<c>Dataset.RequireFits</c>) that a layout fits the data, naming --layout.</summary>
    public static void RequireFits(Dataset data, IReadOnlyList<int> layout)
    {
        try
        {
            data.RequireFits(layout);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--layout {string.Join(",", layout)}: {Functional.Core.Optim.Arguments.Describe(e)}");
        }
    }

    /// <summary>
    /// Checks with Core's rule (<c>Initializer.Validate</c>) that an initialiser can start the layout with the
    /// generator, naming --init; <paramref name="layoutFrom"/> says where the layout came from when not from --layout.
    /// </summary>
    public static void RequireInitializerFits(Initializer initializer, IReadOnlyList<int> layout, RandomSource random, string? layoutFrom = null)
    {
        try
        {
            initializer.Validate(layout, random);
        }
        catch (ArgumentException e)
        {
            string from = layoutFrom is null ? "" : $" (the layout comes from {layoutFrom})";
            throw new UsageException($"--init {initializer.Name}: {Functional.Core.Optim.Arguments.Describe(e)}{from}");
        }
    }

    /// <summary>
    /// Parses <c>--activation</c>: one name for every hidden layer, or one per hidden layer separated by
    /// commas. The output activation is identity unless <paramref name="output"/> names one.
    /// </summary>
    public static ImmutableArray<Activation> Activations(string text, int layerCount, string? output = null, string option = "--activation")
    {
        string[] names = text.Split(',', StringSplitOptions.TrimEntries);
        int hidden = layerCount - 1;
        if (names.Length != 1 && names.Length != hidden)
        {
            throw new UsageException($"{option} '{text}': give one activation or one per hidden layer ({hidden})");
        }

        var outputActivation = output is null ? Activation.Identity : ParseActivation(output, "--output-activation");
        var builder = ImmutableArray.CreateBuilder<Activation>(layerCount);
        for (int i = 0; i < hidden; i++)
        {
            builder.Add(ParseActivation(names.Length == 1 ? names[0] : names[i], option));
        }

        builder.Add(outputActivation);
        return builder.MoveToImmutable();
    }

    private static Activation ParseActivation(string name, string option)
    {
        try
        {
            return Activation.Parse(name);
        }
        catch (FormatException e)
        {
            throw new UsageException($"{option}: {e.Message}");
        }
    }
}
