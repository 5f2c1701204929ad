namespace Functional.Core.Optim;

/// <summary>
/// The state of a <see cref="GradientTransformation"/>. Every concrete state is a small positional record
/// next to the factory that makes it, and holds only <see cref="int"/>, <see cref="double"/>,
/// <see cref="Model.ParameterTree"/> values and nested states, so it can be serialised generically. States are
/// values: an update returns a new state and never changes the old one.
/// </summary>
public abstract record TransformState;

/// <summary>The state of a stateless transformation (identity, scaling, clipping, weight decay).</summary>
public sealed record EmptyState : TransformState
{
    /// <summary>The shared instance; all empty states are equal.</summary>
    public static EmptyState Instance { get; } = new();
}
