using System.Diagnostics.Contracts;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;

namespace Functional.Core.Training;

/// <summary>The outcome of one training step: the new parameters, the new optimizer state and the batch loss.</summary>
/// <param name="Model">Parameters after the update.</param>
/// <param name="State">Optimizer state after the update.</param>
/// <param name="Loss">The batch loss before the update (what PyTorch's <c>loss.item()</c> reports).</param>
public sealed record StepResult(Mlp Model, TransformState State, double Loss);

/// <summary>The pure training step: forward, loss, backward, optimizer update, apply.</summary>
public static class TrainingStep
{
    /// <summary>
    /// Runs one step on a batch (X of shape (n, in), Y of shape (n, out)): computes the loss and its
    /// gradients, asks the optimizer for updates and applies them. Returns fresh parameters and state;
    /// nothing passed in is changed.
    /// </summary>
    [Pure]
    public static StepResult Step(Mlp model, GradientTransformation optimizer, TransformState state, Dataset batch, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(batch);
        var (value, gradients) = model.LossAndGradients(loss, batch.X.View, batch.Y.View);
        var (updates, next) = optimizer.Update(gradients, state, model);
        return new StepResult(Optimizer.ApplyUpdates(model, updates), next, value);
    }
}
