using System.Diagnostics.Contracts;
using Functional.Core.Model;

namespace Functional.Core.Optim;

/// <summary>
/// The named optimizers of <c>torch.optim</c> as compositions of <see cref="Transform"/> building blocks
/// (Optax's <c>alias.py</c>), with PyTorch's defaults and update rules, plus
/// <see cref="ApplyUpdates(ParameterTree, ParameterTree)"/>. Each optimizer also takes a <see cref="Schedule"/> in place of a fixed
/// learning rate; the schedule is evaluated at k = updates already done. Factories validate like PyTorch
/// (negative or non-finite hyperparameters, betas outside [0, 1)) and throw
/// <see cref="ArgumentOutOfRangeException"/> naming the value.
/// </summary>
public static partial class Optimizer
{
    /// <summary>
    /// The default learning rate of SGD here. Older <c>torch.optim.SGD</c> had no default (lr was
    /// required); recent releases default to 1e-3.
    /// </summary>
    public const double DefaultSgdLearningRate = 0.01;

    /// <summary>
    /// Returns parameters + updates, a fresh network with the parameters' activations. Throws
    /// <see cref="ArgumentException"/> when the shapes differ. Neither argument is changed.
    /// </summary>
    [Pure]
    public static Mlp ApplyUpdates(Mlp parameters, ParameterTree updates)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.WithParameters(ApplyUpdates(parameters.Parameters, updates));
    }

    /// <summary>
    /// Returns parameters + updates, a fresh tree. Throws <see cref="ArgumentException"/> when the shapes
    /// differ. Neither argument is changed.
    /// </summary>
    [Pure]
    public static ParameterTree ApplyUpdates(ParameterTree parameters, ParameterTree updates)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(updates);
        ParameterStorage.RequireSameShape(parameters, updates, nameof(updates));
        var p = ParameterStorage.Read(parameters);
        var u = ParameterStorage.Read(updates);
        var (result, r) = ParameterStorage.Allocate(parameters);
        for (int k = 0; k < p.Length; k++)
        {
            double[] pk = p[k], uk = u[k], rk = r[k];
            for (int i = 0; i < pk.Length; i++)
            {
                rk[i] = pk[i] + uk[i];
            }
        }

        return result;
    }

    /// <summary>
    /// Returns the 2-norm of every entry of <paramref name="tree"/> together. As PyTorch's
    /// <c>clip_grad_norm_</c> does, it is the norm of the per-tensor norms (each W and each B).
    /// </summary>
    [Pure]
    public static double GlobalNorm(ParameterTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return GlobalNorm(ParameterStorage.Read(tree));
    }

    // The segments' norm, in the order ParameterStorage.Read lists them (shared with the clipping kernel).
    internal static double GlobalNorm(double[][] segments)
    {
        double total = 0.0;
        foreach (var segment in segments)
        {
            double sum = 0.0;
            foreach (double x in segment)
            {
                sum += x * x;
            }

            double norm = Math.Sqrt(sum);
            total += norm * norm;
        }

        return Math.Sqrt(total);
    }

    /// <summary>
    /// PyTorch's <c>torch.optim.SGD</c>, built from <see cref="OptimizerSpec.Sgd"/> (see there for the update); a
    /// null hyperparameter takes its default.
    /// </summary>
    /// <param name="learningRate">γ, &gt; 0 and finite (default <see cref="DefaultSgdLearningRate"/>).</param>
    /// <param name="momentum">μ (default 0).</param>
    /// <param name="dampening">τ (default 0).</param>
    /// <param name="nesterov">Nesterov momentum; needs μ &gt; 0 and τ = 0 (default false).</param>
    /// <param name="weightDecay">λ, the coupled L2 penalty (default 0).</param>
    /// <returns>A chain: [weight decay], [momentum], learning rate.</returns>
    [Pure]
    public static GradientTransformation Sgd(
        double? learningRate = null, double? momentum = null, double? dampening = null, bool nesterov = false, double? weightDecay = null) =>
        new OptimizerSpec.Sgd(momentum, dampening, weightDecay, nesterov) { LearningRate = learningRate }.Create();

    /// <summary>
    /// <see cref="Sgd(double?, double?, double?, bool, double?)"/> with the learning rate of update k given by
    /// <paramref name="learningRate"/>(k).
    /// </summary>
    [Pure]
    public static GradientTransformation Sgd(
        Schedule learningRate, double? momentum = null, double? dampening = null, bool nesterov = false, double? weightDecay = null) =>
        new OptimizerSpec.Sgd(momentum, dampening, weightDecay, nesterov).Create(learningRate);
}
