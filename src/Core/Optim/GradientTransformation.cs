using Functional.Core.Engine;
using Functional.Core.Model;

namespace Functional.Core.Optim;

/// <summary>
/// Builds the initial state of a transformation for a parameter tree. Must not change
/// <paramref name="parameters"/>; the returned state shares no mutable storage with it.
/// </summary>
/// <param name="parameters">The parameters the transformation will be applied to.</param>
/// <returns>The state before the first update.</returns>
public delegate TransformState InitFunction(ParameterTree parameters);

/// <summary>
/// Transforms gradients into updates. Must not change any argument; the returned state shares no
/// mutable storage with the arguments.
/// </summary>
/// <param name="gradients">Gradients (or the updates of the previous transformation in a chain), shaped like the parameters.</param>
/// <param name="state">The state returned by the previous call, or by <see cref="InitFunction"/> before the first.</param>
/// <param name="parameters">The current parameters, shaped like the gradients (used by weight decay).</param>
/// <returns>Updates shaped like the parameters and the next state.</returns>
public delegate (ParameterTree Updates, TransformState State) UpdateFunction(ParameterTree gradients, TransformState state, ParameterTree parameters);

/// <summary>
/// A gradient transformation as in Optax: a pair of pure functions. <see cref="Init"/> builds the state
/// from the parameters; <see cref="Update"/> turns gradients into updates and returns the next state.
/// Updates are what gets added to the parameters (<see cref="Optimizer.ApplyUpdates(ParameterTree, ParameterTree)"/>), so an optimizer's
/// updates already carry the minus sign and the learning rate. Optimizers are transformations built by
/// <see cref="Transform.Chain"/> from the building blocks in <see cref="Transform"/>.
/// <para>
/// A transformation may also carry a <see cref="Kernel"/>: the same Update as an in-place kernel that the
/// training fold runs on flat buffers (the fused path). Every building block in <see cref="Transform"/> has
/// one and <see cref="Transform.Chain"/> composes them; a transformation made from its two functions alone
/// has none and trains on the reference path (its pure Update every step), with the same results.
/// </para>
/// </summary>
public sealed record GradientTransformation
{
    /// <summary>Creates a transformation from its two functions, without a kernel (it trains on the reference path).</summary>
    /// <param name="Init">Builds the state before the first update.</param>
    /// <param name="Update">Maps (gradients, state, parameters) to (updates, next state).</param>
    public GradientTransformation(InitFunction Init, UpdateFunction Update)
    {
        this.Init = Init;
        this.Update = Update;
    }

    /// <summary>Builds the state before the first update. Replacing it (a <c>with</c> expression) drops the <see cref="Kernel"/>.</summary>
    public InitFunction Init
    {
        get;
        init
        {
            field = value;
            Kernel = null;
        }
    }

    /// <summary>
    /// Maps (gradients, state, parameters) to (updates, next state). Replacing it (a <c>with</c> expression)
    /// drops the <see cref="Kernel"/>, so a rebuilt transformation never runs a kernel that is not its own.
    /// </summary>
    public UpdateFunction Update
    {
        get;
        init
        {
            field = value;
            Kernel = null;
        }
    }

    /// <summary>
    /// The fused form of <see cref="Update"/>, or null when there is none (the reference path). Built-in
    /// transformations carry one; it computes exactly what <see cref="Update"/> computes, bit for bit.
    /// </summary>
    public FusedKernel? Kernel { get; internal init; }

    /// <summary>Deconstructs into (Init, Update).</summary>
    public void Deconstruct(out InitFunction Init, out UpdateFunction Update)
    {
        Init = this.Init;
        Update = this.Update;
    }
}
