using System.Collections.Immutable;
using System.Diagnostics.Contracts;

namespace Functional.Core.Model;

// A start that is not drawn: the parameters of a given network, for fine-tuning.
public sealed partial record Initializer
{
    /// <summary>
    /// The given network whose parameters start the run (<see cref="WeightInit.Given"/>); null for every other
    /// initialiser, and for a given start read back from a checkpoint (which carries its own parameters).
    /// </summary>
    public Mlp? Start { get; init; }

    /// <summary>
    /// Returns an initialiser that starts from <paramref name="start"/>'s parameters and draws nothing. The run's
    /// layout must be the start's; its activations must be the start's too.
    /// </summary>
    [Pure]
    public static Initializer From(Mlp start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return new Initializer(WeightInit.Given) { Start = start };
    }

    /// <summary>
    /// Parses a name as a checkpoint records it: as <see cref="Parse"/>, and also <c>given</c> (a run that
    /// started from a given network; resuming it needs only the checkpoint's parameters).
    /// </summary>
    [Pure]
    internal static Initializer ParseRecorded(string text) =>
        string.Equals(text?.Trim(), "given", StringComparison.OrdinalIgnoreCase) ? new Initializer(WeightInit.Given) : Parse(text!);

    private Mlp GivenStart(ImmutableArray<Activation> activations)
    {
        if (Start is null)
        {
            throw new ArgumentException("a given start read back from a checkpoint has no parameters; resume the checkpoint instead", nameof(activations));
        }

        if (!Start.Activations.SequenceEqual(activations))
        {
            throw new ArgumentException(
                $"the given start has activations {string.Join(",", Start.Activations)}; the run asks for {string.Join(",", activations)}",
                nameof(activations));
        }

        return Start;
    }
}
