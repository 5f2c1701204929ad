using System.Collections.Immutable;
using FsCheck.Xunit;
using Functional.Core.Data;
using Functional.Core.Engine;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Training;
using Functional.Properties.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;
using static Functional.Properties.Tests.Optim.OptimTestKit;

namespace Functional.Properties.Tests.Training;

/// <summary>
/// The fast training fold (fused kernels in a per-run workspace, in-place optimizer kernels) against the
/// straightforward one it replaced (MathNet matrices and the pure step), bit for bit, on random runs: every
/// epoch loss and validation loss, the stop reason, the final parameters and the optimizer state.
/// </summary>
public class FastPathProperties
{
    private static readonly string[] Optimizers =
    [
        "sgd:lr=0.05", "momentum:lr=0.02", "nesterov:lr=0.02,weight_decay=0.01", "sgd:lr=0.05,momentum=0.8,dampening=0.3",
        "adam:lr=0.01", "adam:lr=0.01,weight_decay=0.1", "adamw:lr=0.01", "amsgrad:lr=0.01", "adamw:lr=0.01,clip_norm=0.5",
        "rmsprop:lr=0.01", "rmsprop:lr=0.01,centered=true,momentum=0.5", "adagrad:lr=0.1,lr_decay=0.1,initial_accumulator_value=0.1",
        "adam:lr=0.01,clip_value=0.2", "sgd:lr=5.0",
    ];

    [Property(MaxTest = 250)]
    public void The_fast_fold_matches_the_reference_fold_bit_for_bit(int seed)
    {
        var (config, data) = RandomRun(seed);
        string expected = TraceText.Of(Trainer.ContinueReference(config, data, Trainer.Start(config)));
        string actual = TraceText.Of(Trainer.Train(config, data));
        Assert.True(expected == actual, $"seed {seed}: {Describe(config, data)}\n{FirstDifference(expected, actual)}");
    }

    [Property(MaxTest = 60)]
    public void A_run_continued_on_the_fast_fold_matches_the_reference_from_any_saved_state(int seed)
    {
        var (config, data) = RandomRun(seed);
        var halfway = Trainer.ContinueReference(config with { Epochs = config.Epochs / 2 }, data, Trainer.Start(config)).State;
        string expected = TraceText.Of(Trainer.ContinueReference(config, data, halfway));
        string actual = TraceText.Of(Trainer.Continue(config, data, halfway));
        Assert.True(expected == actual, $"seed {seed}: {Describe(config, data)}\n{FirstDifference(expected, actual)}");
    }

    [Property(MaxTest = 300)]
    public void The_fused_pass_computes_MathNets_loss_and_gradients_bit_for_bit(int seed)
    {
        var c = RandomNets.Make(seed);
        var (loss, gradients) = c.Model.LossAndGradients(c.Loss, c.X, c.Y);
        var workspace = new TrainingWorkspace(c.Model.Layout, c.Model.Activations, c.X.RowCount);
        var indices = Enumerable.Range(0, c.X.RowCount).ToArray();
        workspace.GatherInPlace(c.X.ToColumnMajorArray(), c.Y.ToColumnMajorArray(), c.X.RowCount, indices);
        double fused = workspace.LossAndGradientsInPlace(UpdateKernels.Flatten(c.Model), c.Loss);
        Assert.Equal(BitConverter.DoubleToInt64Bits(loss), BitConverter.DoubleToInt64Bits(fused));
        Assert.True(SameBits(UpdateKernels.Flatten(gradients), workspace.Gradients), c.ToString());
    }

    [Property(MaxTest = 40)]
    public void Every_optimizer_kernel_matches_its_pure_update_bit_for_bit_including_subnormal_values(int seed)
    {
        var parameters = RandomTree(seed);
        foreach (var (name, optimizer) in Variants())
        {
            var p = parameters;
            var state = optimizer.Init(p);
            var kernel = UpdateKernels.TryCreate(optimizer, state, p);
            var fused = UpdateKernels.TryCreate(optimizer, state, p)!;
            Assert.True(kernel is not null, $"{name}: no kernel");
            double[] flat = UpdateKernels.Flatten(p), fusedFlat = UpdateKernels.Flatten(p);
            for (int t = 0; t < 6; t++)
            {
                // Zero, subnormal and tiny gradients exercise the exact subnormal path.
                var gradients = p.WithFlatParameters(Gradients(p.ParameterCount, seed * 31 + t));
                (var updates, state) = optimizer.Update(gradients, state, p);
                p = Optimizer.ApplyUpdates(p, updates);

                double[] u = UpdateKernels.Flatten(gradients);
                kernel!.UpdateInPlace(u, flat);
                UpdateKernels.ApplyUpdatesInPlace(flat, u);
                fused.StepInPlace(UpdateKernels.Flatten(gradients), fusedFlat);
                Assert.True(SameBits(flat, fusedFlat), $"{name}, step {t}: the fused step's parameters differ");
                Assert.True(SameBits(Flatten(kernel.ToState(p)), Flatten(fused.ToState(p))), $"{name}, step {t}: the fused step's state differs");
                Assert.True(SameBits(UpdateKernels.Flatten(updates), u), $"{name}, step {t}: updates differ");
                Assert.True(SameBits(UpdateKernels.Flatten(p), flat), $"{name}, step {t}: parameters differ");
                Assert.True(SameBits(Flatten(state), Flatten(kernel.ToState(p))), $"{name}, step {t}: states differ");
            }
        }
    }

    [Property(MaxTest = 60)]
    public void Every_optimizer_kernel_matches_its_pure_update_from_states_holding_subnormal_moments(int seed)
    {
        var parameters = RandomTree(seed);
        foreach (var (name, optimizer) in Variants())
        {
            var p = parameters;
            // A state as a long run leaves it: moments of every size, many of them subnormal or tiny, with
            // gradients that are often exactly zero (dead units).
            var state = Perturb(optimizer.Init(p), seed);
            var kernel = UpdateKernels.TryCreate(optimizer, state, p)!;
            var fused = UpdateKernels.TryCreate(optimizer, state, p)!;
            double[] flat = UpdateKernels.Flatten(p), fusedFlat = UpdateKernels.Flatten(p);
            for (int t = 0; t < 4; t++)
            {
                var gradients = p.WithFlatParameters(Gradients(p.ParameterCount, seed * 17 + t));
                (var updates, state) = optimizer.Update(gradients, state, p);
                p = Optimizer.ApplyUpdates(p, updates);

                double[] u = UpdateKernels.Flatten(gradients);
                kernel.UpdateInPlace(u, flat);
                UpdateKernels.ApplyUpdatesInPlace(flat, u);
                fused.StepInPlace(UpdateKernels.Flatten(gradients), fusedFlat);
                Assert.True(SameBits(flat, fusedFlat), $"{name}, step {t}: the fused step's parameters differ");
                Assert.True(SameBits(Flatten(kernel.ToState(p)), Flatten(fused.ToState(p))), $"{name}, step {t}: the fused step's state differs");
                Assert.True(SameBits(UpdateKernels.Flatten(updates), u), $"{name}, step {t}: updates differ");
                Assert.True(SameBits(UpdateKernels.Flatten(p), flat), $"{name}, step {t}: parameters differ");
                Assert.True(SameBits(Flatten(state), Flatten(kernel.ToState(p))), $"{name}, step {t}: states differ");
            }
        }
    }

    [Theory]
    [InlineData("adam:lr=1e-4")]
    [InlineData("adamw:lr=0.03,weight_decay=0.01")]
    [InlineData("adam:lr=1e-3,eps=0")]
    [InlineData("adamw:lr=1e-3,eps=0,weight_decay=1e-200")]
    public void The_fused_Adam_step_matches_the_pure_update_for_dead_units_with_subnormal_moments(string spec)
    {
        // Dead units: zero gradient, a first moment stuck in the subnormals, a normal second moment, and
        // parameters from ordinary down to subnormal size; late in a run (bias corrections exactly 1) and early.
        var optimizer = OptimizerSpec.Parse(spec).Create();
        var shape = Mlp.Zeros([1, 10, 10, 1], Mlp.UniformActivations(3, Activation.Relu));
        int n = shape.ParameterCount;
        var rng = new System.Random(11);
        foreach (int count in new[] { 3, 400, 60_000 })
        {
            var g = new double[n];
            var m = new double[n];
            var v = new double[n];
            var theta = new double[n];
            for (int i = 0; i < n; i++)
            {
                bool dead = i % 3 != 0;
                g[i] = dead ? (i % 2 == 0 ? 0.0 : -0.0) : rng.NextDouble() - 0.5;
                m[i] = dead ? BitConverter.Int64BitsToDouble(1 + rng.Next(1 << 20) * (i % 7 == 0 ? 1L << 30 : 1)) * (i % 4 == 0 ? -1 : 1) : rng.NextDouble() - 0.5;
                v[i] = dead && i % 11 == 0 ? 0.0 : rng.NextDouble() * Math.Pow(10, -rng.Next(0, 300));
                theta[i] = (rng.NextDouble() - 0.5) * Math.Pow(10, -rng.Next(0, 320));
            }

            var p = shape.WithFlatParameters(theta);
            var adamState = new ScaleByAdamState(count, shape.WithFlatParameters(m), shape.WithFlatParameters(v));
            TransformState state = optimizer.Init(p) is ChainState chain ? new ChainState(chain.States.SetItem(0, adamState)) : adamState;
            var kernel = UpdateKernels.TryCreate(optimizer, state, p)!;
            double[] flat = UpdateKernels.Flatten(p);
            for (int t = 0; t < 3; t++)
            {
                var gradients = p.WithFlatParameters(g);
                (var updates, state) = optimizer.Update(gradients, state, p);
                p = Optimizer.ApplyUpdates(p, updates);
                kernel.StepInPlace(UpdateKernels.Flatten(gradients), flat);
                Assert.True(SameBits(UpdateKernels.Flatten(p), flat), $"{spec}, count {count}, step {t}: parameters differ");
                Assert.True(SameBits(Flatten(state), Flatten(kernel.ToState(p))), $"{spec}, count {count}, step {t}: states differ");
            }
        }
    }

    [Property(MaxTest = 500)]
    public void The_divergence_test_agrees_with_the_sequential_sum_of_the_parameters(int seed)
    {
        var rng = new System.Random(seed);
        int n = 1 + rng.Next(40);
        double scale = rng.Next(4) switch { 0 => 1.0, 1 => double.MaxValue / (2 * n), 2 => double.MaxValue / 3, _ => double.MaxValue };
        var flat = Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2 - 1) * scale).ToArray();
        if (rng.Next(10) == 0)
        {
            flat[rng.Next(n)] = rng.Next(2) == 0 ? double.NaN : double.PositiveInfinity;
        }

        double sum = 0.0;
        foreach (double v in flat)
        {
            sum += v;
        }

        Assert.Equal(double.IsFinite(sum), FusedEngine.SumIsFinite(flat));
    }

    [Property(MaxTest = 100)]
    public void The_in_place_epoch_order_equals_the_pure_one(int seed)
    {
        var rng = RandomState.Seed(unchecked((uint)seed));
        (uint[] u, _) = rng.NextUInt32(4);
        int count = (int)(u[0] % 300);
        long runSeed = (long)u[1] << 16 | u[2];
        long epoch = u[3] % 100_000;
        bool shuffle = (u[0] & 1) == 0;
        var order = new int[count];
        Batching.EpochOrderInPlace(order, shuffle, runSeed, epoch, new uint[624]);
        Assert.Equal(Batching.EpochOrder(count, shuffle, runSeed, epoch), order);
    }

    [Fact]
    public void States_handed_out_during_a_run_are_never_changed_by_the_rest_of_the_run()
    {
        var (config, data) = (ReferenceTraceTests.Regression("adam:lr=1e-3", 30), TutorialData.Generate());
        var snapshots = new List<(TrainingState State, string Text)>();
        var result = Trainer.Train(config, data, new TrainingCallbacks(p =>
        {
            var state = p.ToState();
            snapshots.Add((state, TraceText.Of(new TrainingResult(state, StopReason.Completed))));
        }));

        Assert.Equal(30, snapshots.Count);
        foreach (var (state, text) in snapshots)
        {
            Assert.Equal(text, TraceText.Of(new TrainingResult(state, StopReason.Completed)));
        }

        // and each epoch's state is its own: no two epochs share parameter storage (the final state is the
        // last epoch's, the same immutable record)
        var storages = snapshots.Select(s => s.State.Model.Layers[0].W.Storage);
        Assert.Equal(30, storages.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(snapshots[^1].Text, TraceText.Of(new TrainingResult(result.State, StopReason.Completed)));
    }

    [Fact]
    public void Train_leaves_its_arguments_unchanged_and_returns_equal_results_when_repeated()
    {
        var config = ReferenceTraceTests.Regression("adamw:lr=1e-3", 20, batchSize: 7);
        var data = TutorialData.Generate();
        var start = Trainer.Start(config);
        double[] x = data.X.ToColumnMajorArray(), y = data.Y.ToColumnMajorArray(), p = start.Model.ToFlatArray();
        var stateText = Flatten(start.OptimizerState);
        string first = TraceText.Of(Trainer.Continue(config, data, start));
        string second = TraceText.Of(Trainer.Continue(config, data, start));
        Assert.Equal(first, second);
        Assert.Equal(x, data.X.ToColumnMajorArray());
        Assert.Equal(y, data.Y.ToColumnMajorArray());
        Assert.True(SameBits(p, start.Model.ToFlatArray()));
        Assert.True(SameBits(stateText, Flatten(start.OptimizerState)));
    }

    // Rebuilds a state record with every tree replaced by values of every size (second moments and
    // accumulators non-negative) and every count set to at least 1.
    private static TransformState Perturb(TransformState state, int seed)
    {
        var type = state.GetType();
        var constructor = type.GetConstructors().Single(c => c.GetParameters().Length > 0 || type == typeof(EmptyState));
        if (constructor.GetParameters().Length == 0)
        {
            return state;
        }

        int k = 0;
        object?[] arguments = [.. constructor.GetParameters().Select(parameter =>
        {
            object? value = type.GetProperty(parameter.Name!)!.GetValue(state);
            k++;
            return value switch
            {
                ParameterTree tree => tree.WithFlatParameters(Mixed(tree.ParameterCount, seed * 7 + k, nonNegative: parameter.Name is "Nu" or "NuMax" or "SumOfSquares")),
                int count => count + 1 + k,
                ImmutableArray<TransformState> states => states.Select((s, i) => Perturb(s, seed * 13 + i)).ToImmutableArray(),
                _ => value,
            };
        })];
        return (TransformState)constructor.Invoke(arguments);
    }

    private static double[] Mixed(int count, int seed, bool nonNegative)
    {
        double[] values = Gradients(count, seed);
        for (int i = 0; i < count; i++)
        {
            values[i] = nonNegative ? Math.Abs(values[i]) : values[i];
        }

        return values;
    }

    // Gradients with zeros, subnormals, tiny and ordinary values, from a seed.
    private static double[] Gradients(int count, int seed)
    {
        var rng = RandomState.Seed(unchecked((uint)seed));
        (uint[] kinds, rng) = rng.NextUInt32(count);
        (double[] values, _) = rng.Uniform(-1, 1, count);
        var g = new double[count];
        for (int i = 0; i < count; i++)
        {
            g[i] = (kinds[i] % 5) switch
            {
                0 => 0.0,
                1 => BitConverter.Int64BitsToDouble((long)(kinds[i] >> 3) * 7919 % (1L << 52)) * Math.Sign(values[i] + 1e-300),
                2 => values[i] * 1e-303,
                _ => values[i],
            };
        }

        return g;
    }

    internal static (TrainingConfig Config, Dataset Data) RandomRun(int seed)
    {
        var rng = RandomState.Seed(unchecked((uint)seed));
        (uint[] u, rng) = rng.NextUInt32(24);
        int depth = 1 + (int)(u[0] % 3);
        var layout = new int[depth + 1];
        for (int i = 0; i <= depth; i++)
        {
            layout[i] = 1 + (int)(u[1 + i] % (i == 0 || i == depth ? 3 : 7));
        }

        var loss = RandomNets.AllLosses[u[5] % RandomNets.AllLosses.Length];
        var activations = ImmutableArray.CreateBuilder<Activation>(depth);
        for (int i = 0; i < depth; i++)
        {
            activations.Add(RandomNets.AllActivations[u[6 + i] % RandomNets.AllActivations.Length]);
        }

        if (loss is BceLoss)
        {
            activations[depth - 1] = Activation.Sigmoid;
        }

        int n = 1 + (int)(u[10] % 24);
        (double[] xs, rng) = rng.Uniform(-2, 2, n * layout[0]);
        bool probabilities = loss is BceLoss or BceWithLogitsLoss;
        (double[] ys, _) = rng.Uniform(probabilities ? 0 : -3, probabilities ? 1 : 3, n * layout[^1]);
        var data = new Dataset(Matrix<double>.Build.DenseOfRowMajor(n, layout[0], xs), Matrix<double>.Build.DenseOfRowMajor(n, layout[^1], ys));
        int batch = u[11] % 4 == 0 ? int.MaxValue : 1 + (int)(u[12] % (n + 2));
        var batches = new BatchOptions(batch, Shuffle: u[13] % 3 != 0, DropLast: u[14] % 4 == 0);
        double validation = u[15] % 3 == 0 && n >= 2 ? 0.3 : 0.0;
        EarlyStopping? early = u[16] % 4 == 0 ? new EarlyStopping(1 + (int)(u[17] % 3), u[18] % 2 == 0 ? 0.0 : 1e-3) : null;
        // Half the runs draw from PyTorch's generator (which takes only uniform initialisers), half from keyed streams.
        var random = u[23] % 2 == 0 ? RandomSource.Torch : RandomSource.Keyed;
        var initializer = u[19] % 2 == 0 ? Initializer.TorchDefault
            : random == RandomSource.Torch ? new Initializer(WeightInit.XavierUniform, BiasInit.Zeros) : new Initializer(WeightInit.XavierNormal);
        var config = new TrainingConfig(
            [.. layout], activations.MoveToImmutable(), initializer, loss, OptimizerSpec.Parse(Optimizers[u[20] % Optimizers.Length]).Create(),
            batches, 1 + (int)(u[21] % 8), (long)u[22] - int.MaxValue, validation, early, random);
        return (config, data);
    }

    private static string Describe(TrainingConfig c, Dataset d) =>
        $"layout [{string.Join(",", c.Layout)}] {string.Join(",", c.Activations)}, loss {c.Loss.Name}, batch {c.Batches}, epochs {c.Epochs}, validation {c.ValidationFraction}, early {c.EarlyStopping}, n {d.Count}, rng {c.Random}, init {c.Initializer.Name}";

    private static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "<end>", al = i < a.Length ? a[i] : "<end>";
            if (el != al)
            {
                return $"line {i + 1}: reference '{el}', fast '{al}'";
            }
        }

        return "no difference";
    }
}
