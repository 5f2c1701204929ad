using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
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
    public Property The_fast_fold_matches_the_reference_fold_bit_for_bit() => Prop.ForAll(Runs, run =>
    {
        var (config, data) = (run.Config, run.Data);
        string expected = TraceText.Of(Trainer.ContinueReference(config, data, Trainer.Start(config)));
        string actual = TraceText.Of(Trainer.Train(config, data));
        Assert.True(expected == actual, $"{run}\n{FirstDifference(expected, actual)}");
    });

    [Property(MaxTest = 60)]
    public Property A_run_continued_on_the_fast_fold_matches_the_reference_from_any_saved_state() => Prop.ForAll(Runs, run =>
    {
        var (config, data) = (run.Config, run.Data);
        var halfway = Trainer.ContinueReference(config with { Epochs = config.Epochs / 2 }, data, Trainer.Start(config)).State;
        string expected = TraceText.Of(Trainer.ContinueReference(config, data, halfway));
        string actual = TraceText.Of(Trainer.Continue(config, data, halfway));
        Assert.True(expected == actual, $"{run}\n{FirstDifference(expected, actual)}");
    });

    [Property(MaxTest = 300)]
    public Property The_fused_pass_computes_MathNets_loss_and_gradients_bit_for_bit() => Prop.ForAll(Generators.NetCases(), c =>
    {
        var (loss, gradients) = c.Model.LossAndGradients(c.Loss, c.X, c.Y);
        var workspace = new TrainingWorkspace(c.Model.Layout, c.Model.Activations, c.X.RowCount);
        var indices = Enumerable.Range(0, c.X.RowCount).ToArray();
        workspace.GatherInPlace(c.X.ToColumnMajorArray(), c.Y.ToColumnMajorArray(), c.X.RowCount, indices);
        double fused = workspace.LossAndGradientsInPlace(UpdateKernels.Flatten(c.Model), c.Loss);
        Assert.Equal(BitConverter.DoubleToInt64Bits(loss), BitConverter.DoubleToInt64Bits(fused));
        Assert.True(SameBits(UpdateKernels.Flatten(gradients), workspace.Gradients), c.ToString());
    });

    [Property(MaxTest = 40)]
    public Property Every_optimizer_kernel_matches_its_pure_update_bit_for_bit_including_subnormal_values() =>
        Prop.ForAll(Generators.Trees(7, Generators.Ordinary, Generators.MixedValue), trees =>
    {
        var parameters = trees[0];
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
                var gradients = trees[1 + t];
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
    });

    [Property(MaxTest = 60)]
    public Property Every_optimizer_kernel_matches_its_pure_update_from_states_holding_subnormal_moments() =>
        Prop.ForAll(Generators.Trees(1 + 4 + 4, Generators.Ordinary, Generators.MixedValue), trees =>
    {
        var parameters = trees[0];
        foreach (var (name, optimizer) in Variants())
        {
            var p = parameters;
            // A state as a long run leaves it: moments of every size, many of them subnormal or tiny, with
            // gradients that are often exactly zero (dead units).
            int next = 0;
            var state = Perturb(optimizer.Init(p), trees[5..], ref next);
            var kernel = UpdateKernels.TryCreate(optimizer, state, p)!;
            var fused = UpdateKernels.TryCreate(optimizer, state, p)!;
            double[] flat = UpdateKernels.Flatten(p), fusedFlat = UpdateKernels.Flatten(p);
            for (int t = 0; t < 4; t++)
            {
                var gradients = trees[1 + t];
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
    });

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

    // 1 to 40 values of one of four sizes (ordinary, large enough that the sum may overflow, near MaxValue), one in
    // ten times with a NaN or infinity among them.
    private static readonly Arbitrary<double[]> Sums = Arb.From(
        from n in Gen.Choose(1, 40)
        from scale in Gen.Elements(1.0, double.MaxValue / (2 * n), double.MaxValue / 3, double.MaxValue)
        from units in Gen.Choose(-1_000_000, 1_000_000).ArrayOf(n)
        from poison in Gen.Frequency((9, Gen.Constant(0.0)), (1, Gen.Elements(double.NaN, double.PositiveInfinity)))
        from at in Gen.Choose(0, n - 1)
        select units.Select((u, i) => i == at && !double.IsFinite(poison) ? poison : u / 1e6 * scale).ToArray(),
        values => Enumerable.Range(0, values.Length).Where(_ => values.Length > 1).Select(i => values.Where((_, k) => k != i).ToArray())
            .Concat(Generators.ShrinkEach(values)));

    [Property(MaxTest = 500)]
    public Property The_divergence_test_agrees_with_the_sequential_sum_of_the_parameters() => Prop.ForAll(Sums, flat =>
    {
        double sum = 0.0;
        foreach (double v in flat)
        {
            sum += v;
        }

        Assert.Equal(double.IsFinite(sum), FusedEngine.SumIsFinite(flat));
    });

    [Property(MaxTest = 100)]
    public Property The_in_place_epoch_order_equals_the_pure_one() =>
        Prop.ForAll(Generators.IntBetween(0, 299), Generators.Seeds, Generators.IntBetween(0, 99_999), (count, runSeed, epoch) =>
        {
            foreach (bool shuffle in new[] { true, false })
            {
                var order = new int[count];
                Batching.EpochOrderInPlace(order, shuffle, runSeed, epoch, new uint[624]);
                Assert.Equal(Batching.EpochOrder(count, shuffle, runSeed, epoch), order);
            }
        });

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

    // Rebuilds a state record with every tree replaced by the next tree of the pool (second moments and
    // accumulators made non-negative) and every count set to at least 1.
    private static TransformState Perturb(TransformState state, Mlp[] pool, ref int next)
    {
        var type = state.GetType();
        var constructor = type.GetConstructors().Single(c => c.GetParameters().Length > 0 || type == typeof(EmptyState));
        if (constructor.GetParameters().Length == 0)
        {
            return state;
        }

        int k = 0;
        var arguments = new List<object?>();
        foreach (var parameter in constructor.GetParameters())
        {
            object? value = type.GetProperty(parameter.Name!)!.GetValue(state);
            k++;
            bool nonNegative = parameter.Name is "Nu" or "NuMax" or "SumOfSquares";
            switch (value)
            {
                case ParameterTree tree:
                    var values = pool[next++ % pool.Length].ToFlatArray();
                    arguments.Add(tree.WithFlatParameters(nonNegative ? [.. values.Select(Math.Abs)] : values));
                    break;
                case int count:
                    arguments.Add(count + 1 + k);
                    break;
                case ImmutableArray<TransformState> states:
                    var perturbed = ImmutableArray.CreateBuilder<TransformState>(states.Length);
                    foreach (var s in states)
                    {
                        perturbed.Add(Perturb(s, pool, ref next));
                    }

                    arguments.Add(perturbed.MoveToImmutable());
                    break;
                default:
                    arguments.Add(value);
                    break;
            }
        }

        return (TransformState)constructor.Invoke([.. arguments]);
    }

    /// <summary>Random small runs over the optimizers above (the engine-path and progress properties use them too).</summary>
    internal static Arbitrary<RunCase> Runs { get; } = Generators.Runs(Optimizers);

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
