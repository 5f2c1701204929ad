using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using Functional.Core.Data;
using Functional.Core.Engine;

namespace Functional.Core.Training;

/// <summary>The epoch fold: runs a <see cref="TrainingConfig"/> over a data set, one pure step per batch.</summary>
public static class Trainer
{
    /// <summary>
    /// Returns the state before the first epoch: the initial parameters (drawn from the keyed stream
    /// (seed, Initialization), or from <c>torch.manual_seed(seed)</c> as <c>nn.Linear</c> draws them) and the
    /// optimizer's initial state.
    /// </summary>
    [Pure]
    public static TrainingState Start(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var model = RunDraws.Initialize(config);
        return new TrainingState(model, config.Optimizer.Init(model), 0, TrainingTrace.Empty);
    }

    /// <summary>
    /// Trains from scratch for <c>config.Epochs</c> epochs. Returns the final state, its trace and why it
    /// stopped. Throws <see cref="ArgumentException"/> when the data does not fit the layout.
    /// </summary>
    public static TrainingResult Train(TrainingConfig config, Dataset data, TrainingCallbacks? callbacks = null) =>
        Continue(config, data, Start(config), callbacks);

    /// <summary>
    /// Continues a run from <paramref name="from"/> up to epoch <c>config.Epochs</c>. Because epoch e's
    /// shuffle depends only on the config and e (a keyed stream of (seed, e), or the torch generator after a
    /// known number of draws), a run resumed from a saved state is identical, epoch for epoch, to the
    /// uninterrupted one. Nothing passed in is changed.
    /// </summary>
    public static TrainingResult Continue(TrainingConfig config, Dataset data, TrainingState from, TrainingCallbacks? callbacks = null) =>
        Fold(config, data, from, callbacks, reference: false);

    /// <summary>
    /// <see cref="Continue"/> on the straightforward engine (every step the pure <see cref="TrainingStep.Step"/>
    /// on fresh MathNet matrices): the oracle the fast fold is checked against, bit for bit.
    /// </summary>
    internal static TrainingResult ContinueReference(TrainingConfig config, Dataset data, TrainingState from, TrainingCallbacks? callbacks = null) =>
        Fold(config, data, from, callbacks, reference: true);

    private static TrainingResult Fold(TrainingConfig config, Dataset data, TrainingState from, TrainingCallbacks? callbacks, bool reference)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(from);
        config.Validate();
        data.RequireFits(config.Layout);

        var (train, validation) = RunDraws.Split(config, data);
        var orders = new EpochOrders(config, data.Count);
        // PERF: the fused engine owns a per-run workspace and never hands it out; see FusedEngine.
        IEpochEngine engine = reference
            ? new ReferenceEngine(config, train, validation, from, orders)
            : (IEpochEngine?)FusedEngine.TryCreate(config, train, validation, from, orders) ?? new ReferenceEngine(config, train, validation, from, orders);
        var trace = ImmutableArray.CreateBuilder<EpochRecord>(Math.Max(config.Epochs, from.Epoch));
        trace.AddRange(from.Trace.Epochs);
        var cancel = callbacks?.Cancellation ?? CancellationToken.None;
        int epoch = from.Epoch;
        double best = from.BestMonitored;
        int sinceBest = from.EpochsWithoutImprovement;

        // The trace is copied into a state only when one is returned or asked for: copying it every
        // epoch would make a long run quadratic.
        TrainingState Current() =>
            new(engine.Model, engine.OptimizerState, epoch, new TrainingTrace(trace.ToImmutable()), best, sinceBest);

        // The state after epoch e, for a progress value handed out at e: the engine's while it is still at e;
        // once the run has moved on, the same bits by replaying the run from its start to e (a run is a pure
        // function of config, data, start and epoch). PERF: copying the state at every epoch instead would tax
        // every run with callbacks for the rare host that keeps a progress value past its epoch.
        TrainingState StateAfter(int e) =>
            e == epoch ? Current() : Fold(config with { Epochs = e }, data, from, null, reference).State;

        while (epoch < config.Epochs)
        {
            if (cancel.IsCancellationRequested)
            {
                return new TrainingResult(Current(), StopReason.Cancelled) { Path = engine.Path };
            }

            // Epoch numbers are 1-based for people; the keyed shuffle stream is indexed from 0.
            var (sum, validationLoss, finite) = engine.RunEpoch(epoch);
            if (!double.IsFinite(sum) || validationLoss is double v && !double.IsFinite(v) || !finite)
            {
                return new TrainingResult(Current(), StopReason.Diverged, epoch + 1) { Path = engine.Path };
            }

            engine.Commit();
            epoch++;
            var record = new EpochRecord(epoch, sum, validationLoss);
            trace.Add(record);
            double monitored = validationLoss ?? sum;
            if (monitored < best - (config.EarlyStopping?.MinDelta ?? 0.0))
            {
                (best, sinceBest) = (monitored, 0);
            }
            else
            {
                sinceBest++;
            }

            callbacks?.OnEpoch?.Invoke(new EpochProgress(record, config.Epochs, StateAfter));

            if (config.EarlyStopping is { } rule && sinceBest >= rule.Patience)
            {
                return new TrainingResult(Current(), StopReason.EarlyStopped) { Path = engine.Path };
            }
        }

        return new TrainingResult(Current(), StopReason.Completed) { Path = engine.Path };
    }
}
