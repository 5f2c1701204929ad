using Functional.Core.Data;
using Functional.Core.Model;
using Functional.Core.Optim;

namespace Functional.Core.Training;

/// <summary>
/// How the epoch fold advances: runs one epoch from the committed state to a tentative one, and commits it
/// when the fold accepts it (a diverged epoch is never committed, so the last finite state stays at hand).
/// </summary>
internal interface IEpochEngine
{
    /// <summary>The committed parameters (a record no engine buffer aliases).</summary>
    Mlp Model { get; }

    /// <summary>The committed optimizer state (a record no engine buffer aliases).</summary>
    TransformState OptimizerState { get; }

    /// <summary>Which path the optimizer's updates take.</summary>
    TrainingPath Path { get; }

    /// <summary>
    /// Runs epoch <paramref name="epoch"/> (0-based) from the committed state and returns the sum of its
    /// batch losses, the validation loss after it (when there is a validation set) and whether the sum of
    /// every parameter after it is finite.
    /// </summary>
    EpochOutcome RunEpoch(int epoch);

    /// <summary>Makes the state after the last <see cref="RunEpoch"/> the committed one.</summary>
    void Commit();
}

/// <summary>What one epoch produced, before the fold decides whether to keep it.</summary>
internal readonly record struct EpochOutcome(double Loss, double? ValidationLoss, bool ParametersFinite);

/// <summary>
/// The straightforward engine, kept as the oracle for the fast one: every batch is a fresh data set and
/// every step the pure <see cref="TrainingStep.Step"/> (MathNet matrices, fresh records throughout).
/// </summary>
internal sealed class ReferenceEngine(TrainingConfig config, Dataset train, Dataset? validation, TrainingState from, EpochOrders orders) : IEpochEngine
{
    private Mlp next = from.Model;
    private TransformState nextState = from.OptimizerState;

    public Mlp Model { get; private set; } = from.Model;

    public TransformState OptimizerState { get; private set; } = from.OptimizerState;

    public TrainingPath Path => TrainingPath.Reference;

    public EpochOutcome RunEpoch(int epoch)
    {
        var model = Model;
        var state = OptimizerState;
        double sum = 0.0;
        foreach (var batch in Batching.Batches(train, config.Batches, orders.Order(epoch, train.Count)))
        {
            var step = TrainingStep.Step(model, config.Optimizer, state, batch, config.Loss);
            (model, state) = (step.Model, step.State);
            sum += step.Loss;
        }

        (next, nextState) = (model, state);
        double? validationLoss = validation is null ? null : config.Loss.Value(model.Predict(validation.X), validation.Y);
        return new EpochOutcome(sum, validationLoss, double.IsFinite(model.Sum(static v => v)));
    }

    public void Commit() => (Model, OptimizerState) = (next, nextState);
}
