using Functional.Core.Model;
using Functional.Core.Optim;

namespace Functional.Core.Engine;

/// <summary>
/// The fused form of a <see cref="GradientTransformation"/>'s Update: a factory of in-place kernels that the
/// training fold runs on flat parameter, gradient and state buffers it owns, instead of calling the pure
/// Update on fresh trees every step. It is part of the transformation's value
/// (<see cref="GradientTransformation.Kernel"/>): the building blocks of <see cref="Transform"/> carry one,
/// <see cref="Transform.Chain"/> has one exactly when every part has one, and nothing else attaches one.
/// A kernel computes what its Update computes, element for element and in the same order, so a run gives the
/// same bits on either path (<see cref="Training.TrainingResult.Path"/> says which one it took).
/// </summary>
public sealed class FusedKernel
{
    private readonly UpdateKernelFactory create;

    internal FusedKernel(string name, UpdateKernelFactory create)
    {
        Name = name;
        this.create = create;
    }

    /// <summary>What the kernel computes, for diagnostics: a building block's name, or <c>chain(...)</c> of its parts' names.</summary>
    public string Name { get; }

    /// <summary>Returns <see cref="Name"/>.</summary>
    public override string ToString() => Name;

    /// <summary>
    /// Returns a kernel loaded with <paramref name="state"/> for parameters shaped like <paramref name="parameters"/>,
    /// or null when the state does not fit (the caller then uses the pure Update, which reports why).
    /// </summary>
    internal UpdateKernel? Create(TransformState? state, ParameterTree parameters) => state is null ? null : create(state, parameters);
}
