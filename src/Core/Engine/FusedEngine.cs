using Functional.Core.Data;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Training;

namespace Functional.Core.Engine;

/// <summary>
/// The fast engine of the epoch fold. Batches are gathered by index straight from the data's storage into
/// a per-run <see cref="TrainingWorkspace"/>, one fused pass computes loss and gradient, and, when the
/// optimizer has an <see cref="UpdateKernel"/>, the update runs in place on parameter and state buffers the
/// engine owns; the committed parameters and state become fresh records only when asked for (at the end of
/// a run, or when a callback asks for the state). Without a kernel each step hands a fresh gradient tree to
/// the optimizer's pure Update. Either way every number is the one <see cref="ReferenceEngine"/> computes.
/// No buffer of the engine is ever reachable from a record it returns: records are values that never change,
/// and the buffers change every step.
/// </summary>
internal sealed class FusedEngine : IEpochEngine
{
    private readonly TrainingConfig config;
    private readonly Mlp template;
    private readonly TrainingWorkspace workspace;
    private readonly double[] trainX;
    private readonly double[] trainY;
    private readonly int trainCount;
    private readonly double[]? validationX;
    private readonly double[]? validationY;
    private readonly int[] validationOrder;
    private readonly int[] order;
    private readonly EpochOrders orders;

    // The kernel path: working buffers advanced by each step, and the committed copy of the last kept epoch.
    private readonly UpdateKernel? kernel;
    private readonly UpdateKernel? committedKernel;
    private readonly double[] parameters;
    private readonly double[] committedParameters;
    private readonly double[] scratch; // the pure-Update path's parameters, flattened for the workspace

    // The records of the committed state, built on demand (null until asked for after a commit).
    private Mlp? model;
    private TransformState? state;

    // The pure-Update path: the tentative records after the last epoch.
    private Mlp next;
    private TransformState nextState;

    private FusedEngine(TrainingConfig config, Dataset train, Dataset? validation, TrainingState from, EpochOrders orders)
    {
        this.config = config;
        this.orders = orders;
        template = from.Model;
        model = from.Model;
        state = from.OptimizerState;
        next = from.Model;
        nextState = from.OptimizerState;
        trainCount = train.Count;
        order = new int[trainCount];
        trainX = ColumnMajor(train.X);
        trainY = ColumnMajor(train.Y);
        int validationCount = validation?.Count ?? 0;
        validationOrder = new int[validationCount];
        for (int i = 0; i < validationCount; i++)
        {
            validationOrder[i] = i;
        }

        if (validation is not null)
        {
            validationX = ColumnMajor(validation.X);
            validationY = ColumnMajor(validation.Y);
        }

        int batch = (int)Math.Min(config.Batches.BatchSize, (long)trainCount);
        workspace = new TrainingWorkspace(template.Layout, template.Activations, Math.Max(batch, validationCount));
        kernel = UpdateKernels.TryCreate(config.Optimizer, from.OptimizerState, from.Model);
        committedKernel = kernel is null ? null : UpdateKernels.TryCreate(config.Optimizer, from.OptimizerState, from.Model);
        parameters = UpdateKernels.Flatten(from.Model);
        committedParameters = (double[])parameters.Clone();
        scratch = new double[parameters.Length];
    }

    public Mlp Model => model ??= template.WithParameters(UpdateKernels.ToTree(committedParameters, template));

    public TransformState OptimizerState => state ??= committedKernel!.ToState(template);

    public TrainingPath Path => kernel is null ? TrainingPath.Reference : TrainingPath.Fused;

    /// <summary>
    /// Returns the engine for a run, or null when the starting model does not fit the data (the reference
    /// engine then reports the mismatch exactly as before).
    /// </summary>
    internal static FusedEngine? TryCreate(TrainingConfig config, Dataset train, Dataset? validation, TrainingState from, EpochOrders orders)
    {
        if (from.Model is null || from.OptimizerState is null || from.Model.InputSize != train.InputCount || from.Model.OutputSize != train.OutputCount)
        {
            return null;
        }

        return new FusedEngine(config, train, validation, from, orders);
    }

    public EpochOutcome RunEpoch(int epoch)
    {
        orders.FillInPlace(epoch, order);
        int batches = Batching.BatchCount(trainCount, config.Batches);
        int size = config.Batches.BatchSize;
        double sum = 0.0;
        if (kernel is not null)
        {
            for (int b = 0; b < batches; b++)
            {
                int start = b * size;
                workspace.GatherInPlace(trainX, trainY, trainCount, order.AsSpan(start, Math.Min(size, trainCount - start)));
                sum += workspace.LossAndGradientsInPlace(parameters, config.Loss);
                kernel.StepInPlace(workspace.Gradients, parameters);
            }

            return new EpochOutcome(sum, ValidationLoss(parameters), SumIsFinite(parameters));
        }

        var current = Model;
        var currentState = OptimizerState;
        for (int b = 0; b < batches; b++)
        {
            int start = b * size;
            workspace.GatherInPlace(trainX, trainY, trainCount, order.AsSpan(start, Math.Min(size, trainCount - start)));
            UpdateKernels.FlattenInPlace(current, scratch);
            sum += workspace.LossAndGradientsInPlace(scratch, config.Loss);
            var gradients = UpdateKernels.ToTree(workspace.Gradients, current);
            (var updates, currentState) = config.Optimizer.Update(gradients, currentState, current);
            current = Optimizer.ApplyUpdates(current, updates);
        }

        (next, nextState) = (current, currentState);
        UpdateKernels.FlattenInPlace(current, scratch);
        return new EpochOutcome(sum, ValidationLoss(scratch), double.IsFinite(current.Sum(static v => v)));
    }

    public void Commit()
    {
        if (kernel is null)
        {
            (model, state) = (next, nextState);
            return;
        }

        Array.Copy(parameters, committedParameters, parameters.Length);
        committedKernel!.CopyStateInPlace(kernel);
        (model, state) = (null, null);
    }

    private double? ValidationLoss(double[] weights)
    {
        if (validationX is null)
        {
            return null;
        }

        workspace.GatherInPlace(validationX, validationY!, validationOrder.Length, validationOrder);
        return workspace.LossAndGradientsInPlace(weights, config.Loss, backward: false);
    }

    // Whether the sum of every parameter, taken in Mlp.Sum's order, is finite (the reference's divergence
    // test). PERF: a sequential sum of n values each below MaxValue / (2n) in magnitude stays below MaxValue,
    // so it is finite exactly when every value is; only otherwise is the sum itself taken.
    internal static bool SumIsFinite(double[] flat)
    {
        var limit = new System.Numerics.Vector<double>(double.MaxValue / (2.0 * Math.Max(1, flat.Length)));
        int lanes = System.Numerics.Vector<double>.Count, i = 0;
        bool small = true;
        for (; i + lanes <= flat.Length && small; i += lanes)
        {
            small = System.Numerics.Vector.LessThanAll(System.Numerics.Vector.Abs(new System.Numerics.Vector<double>(flat, i)), limit);
        }

        for (; i < flat.Length && small; i++)
        {
            small = Math.Abs(flat[i]) < limit[0];
        }

        return small || double.IsFinite(Sum(flat));
    }

    // The sum of every parameter in Mlp.Sum's order (layer by layer, W column-major then B).
    private static double Sum(double[] flat)
    {
        double total = 0.0;
        foreach (double v in flat)
        {
            total += v;
        }

        return total;
    }

    // The data's own storage, read only (gathered into the workspace batch by batch), never copied.
    private static double[] ColumnMajor(ReadOnlyMatrix m) => m.Storage;
}
