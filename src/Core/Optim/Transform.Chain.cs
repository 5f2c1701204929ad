using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using Functional.Core.Engine;
using Functional.Core.Model;

namespace Functional.Core.Optim;

/// <summary>The state of <see cref="Transform.Chain"/>: one state per chained transformation, in order.</summary>
/// <param name="States">The inner states, in the order the transformations were chained.</param>
public sealed record ChainState(ImmutableArray<TransformState> States) : TransformState;

/// <summary>
/// The building blocks of optimizers, each a <see cref="GradientTransformation"/> with its state record
/// next to it (Optax's <c>transform.py</c> and <c>combine.py</c>). Factories validate their
/// hyperparameters once and throw <see cref="ArgumentOutOfRangeException"/> naming the offending value.
/// </summary>
public static partial class Transform
{
    /// <summary>
    /// The identity: updates are the gradients themselves (the same tree is returned, not a copy; trees are
    /// never mutated) and the state is <see cref="EmptyState"/>.
    /// </summary>
    [Pure]
    public static GradientTransformation Identity() =>
        new GradientTransformation(static _ => EmptyState.Instance, static (gradients, state, _) => (gradients, state))
            .WithKernel("identity", StatelessKernel.For(static (_, _) => { }));

    /// <summary>
    /// Chains transformations: the gradients go through each in order, each receiving the previous one's
    /// updates. The state is a <see cref="ChainState"/> holding each transformation's state in order. The
    /// chain has a <see cref="GradientTransformation.Kernel"/> (its parts' kernels run in order) exactly when
    /// every part has one; otherwise it trains on the reference path.
    /// </summary>
    /// <param name="transforms">The transformations, applied first to last.</param>
    /// <returns>A transformation equivalent to applying each one in turn.</returns>
    [Pure]
    public static GradientTransformation Chain(params GradientTransformation[] transforms)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        var parts = ImmutableArray.Create(transforms);
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i] is null)
            {
                throw new ArgumentException($"transformation {i} of the chain is null", nameof(transforms));
            }
        }

        return new GradientTransformation(
            parameters =>
            {
                var states = ImmutableArray.CreateBuilder<TransformState>(parts.Length);
                foreach (var part in parts)
                {
                    states.Add(part.Init(parameters));
                }

                return new ChainState(states.MoveToImmutable());
            },
            (gradients, state, parameters) =>
            {
                var chain = ParameterStorage.Expect<ChainState>(state, nameof(Chain));
                if (chain.States.IsDefault || chain.States.Length != parts.Length)
                {
                    int count = chain.States.IsDefault ? 0 : chain.States.Length;
                    throw new ArgumentException($"the chain has {parts.Length} transformations but its state has {count}", nameof(state));
                }

                var next = ImmutableArray.CreateBuilder<TransformState>(parts.Length);
                var updates = gradients;
                for (int i = 0; i < parts.Length; i++)
                {
                    TransformState inner;
                    (updates, inner) = parts[i].Update(updates, chain.States[i], parameters);
                    next.Add(inner);
                }

                return (updates, new ChainState(next.MoveToImmutable()));
            }) { Kernel = ChainKernel.Compose(parts) };
    }

    /// <summary>
    /// Checks that <paramref name="tree"/> (gradients or parameters) is non-null and shaped like
    /// <paramref name="reference"/> (a state tree or the gradients).
    /// </summary>
    private static void RequireShape(ParameterTree reference, ParameterTree tree, string what)
    {
        // Stryker disable once Statement : RequireSameShape throws the same exception for a null tree
        ArgumentNullException.ThrowIfNull(tree, what);
        ParameterStorage.RequireSameShape(reference, tree, what);
    }
}
