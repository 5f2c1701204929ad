using System.Collections.Immutable;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Serialization;
using Functional.Properties.Tests.TestSupport;
using static Functional.Properties.Tests.Optim.OptimTestKit;

namespace Functional.Properties.Tests.Serialization;

/// <summary>The tagged optimizer-state encoding: exact round trips of every state type, and rejection of what does not fit.</summary>
public sealed class OptimizerStateJsonTests
{
    [Property(MaxTest = 30)]
    public Property EveryOptimizersStateRoundTripsExactly() =>
        Prop.ForAll(Generators.Trees(3, Generators.Ordinary, Generators.MixedValue), trees =>
    {
        var parameters = trees[0];
        foreach (var (name, optimizer) in Variants())
        {
            var state = Warm(optimizer, parameters, trees[1], trees[2]);
            var back = RoundTrip(state, parameters, optimizer.Init(parameters));
            AssertSameState(state, back, name);
        }
    });

    [Fact]
    public void TheVariantsCoverEveryStateType()
    {
        var parameters = RandomTree(1);
        var seen = new HashSet<string>();
        foreach (var (_, optimizer) in Variants())
        {
            Collect(Warm(optimizer, parameters, 1), seen);
        }

        Collect(Transform.Identity().Init(parameters), seen);
        Assert.Equal(TransformStateJson.Known.Keys.Order(), seen.Order());
        Assert.Equal(9, seen.Count);
    }

    [Fact]
    public void AdamStateIsWrittenAsTypeAndSnakeCaseFields()
    {
        var parameters = Net11(0.5, -1);
        var state = Warm(Transform.ScaleByAdam(), parameters, 3);
        using var document = JsonDocument.Parse(Write(state));
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(new[] { "type", "count", "mu", "nu" }, names);
        Assert.Equal("ScaleByAdamState", document.RootElement.GetProperty("type").GetString());
        Assert.Equal(2, document.RootElement.GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("{\"type\": \"Mystery\"}", "state.json: unknown optimizer state type \"Mystery\" (known: ChainState, EmptyState, MomentumState, ScaleByAdamState, ScaleByAmsgradState, ScaleByCenteredRmsState, ScaleByRmsState, ScaleByRssState, ScaleByScheduleState)")]
    [InlineData("{\"type\": \"ScaleByScheduleState\", \"count\": -1}", "state.json: count: must be at least 0, got -1")]
    [InlineData("{\"type\": \"ScaleByScheduleState\"}", "state.json: missing \"count\"")]
    [InlineData("{\"type\": \"ScaleByScheduleState\", \"count\": 1, \"step\": 2}", "state.json: unknown field \"step\" (expected type, count)")]
    [InlineData("{\"type\": \"ScaleByRssState\", \"sum_of_squares\": [{\"weight\": [[1]], \"bias\": [1, 2]}]}", "state.json: sum_of_squares: layer 0 bias has 2 values, layout says 1")]
    [InlineData("{\"count\": 1}", "state.json: missing \"type\"")]
    public void BadStatesGiveOneClearLine(string json, string message)
    {
        using var document = JsonDocument.Parse(json);
        var e = Assert.Throws<ModelFormatException>(() => TransformStateJson.Read(new JsonField(document.RootElement, "state.json", ""), Net11(0, 0)));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void AStateOfAnotherOptimizerIsRejected()
    {
        var parameters = Net11(0.5, -1);
        var sgdState = Warm(OptimizerSpec.Parse("momentum").Create(), parameters, 2);
        var adam = OptimizerSpec.Parse("adam").Create();
        var e = Assert.Throws<ModelFormatException>(() => RoundTrip(sgdState, parameters, adam.Init(parameters)));
        Assert.Equal("state.json: states[0]: the optimizer keeps ScaleByAdamState here, the file has MomentumState", e.Message);
    }

    [Fact]
    public void AChainOfAnotherLengthIsRejected()
    {
        var parameters = Net11(0.5, -1);
        var clipped = OptimizerSpec.Parse("adam:clip_norm=1").Create();
        var plain = OptimizerSpec.Parse("adam").Create();
        var e = Assert.Throws<ModelFormatException>(() => RoundTrip(Warm(plain, parameters, 1), parameters, OptimizerSpec.Parse("adamw").Create().Init(parameters)));
        Assert.Equal("state.json: states: the optimizer chains 3 transformations, the file has 2 states", e.Message);
        e = Assert.Throws<ModelFormatException>(() => RoundTrip(Warm(clipped, parameters, 1), parameters, plain.Init(parameters)));
        Assert.Equal("state.json: states[0]: the optimizer keeps ScaleByAdamState here, the file has EmptyState", e.Message);
    }

    [Fact]
    public void NonFiniteStatesCannotBeWritten()
    {
        var parameters = Net11(0.5, -1);
        var state = new ScaleByAdamState(1, parameters.Map(_ => double.NaN), parameters);
        Assert.Throws<ArgumentException>(() => Write(state));
    }

    internal static TransformState Warm(GradientTransformation optimizer, Mlp parameters, int seed) =>
        Warm(optimizer, parameters, RandomLike(parameters, seed), RandomLike(parameters, seed + 1));

    // The state after one step with each of the given gradients.
    private static TransformState Warm(GradientTransformation optimizer, Mlp parameters, params Mlp[] gradients)
    {
        var state = optimizer.Init(parameters);
        var p = parameters;
        foreach (var g in gradients)
        {
            (var updates, state) = optimizer.Update(g, state, p);
            p = Optimizer.ApplyUpdates(p, updates);
        }

        return state;
    }

    internal static void AssertSameState(TransformState expected, TransformState actual, string name)
    {
        var types = new List<string>();
        var backTypes = new List<string>();
        Collect(expected, types);
        Collect(actual, backTypes);
        Assert.Equal(types, backTypes);
        Assert.True(SameBits(Flatten(expected), Flatten(actual)), $"{name}: the state's numbers differ after the round trip");
    }

    private static TransformState RoundTrip(TransformState state, Mlp model, TransformState template)
    {
        using var document = JsonDocument.Parse(Write(state));
        return TransformStateJson.Read(new JsonField(document.RootElement, "state.json", ""), model, template);
    }

    private static string Write(TransformState state)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            TransformStateJson.Write(writer, state);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Collect(TransformState state, ICollection<string> types)
    {
        types.Add(state.GetType().Name);
        foreach (object? field in Fields(state))
        {
            if (field is TransformState inner)
            {
                Collect(inner, types);
            }
            else if (field is ImmutableArray<TransformState> states)
            {
                foreach (var s in states)
                {
                    Collect(s, types);
                }
            }
        }
    }
}
