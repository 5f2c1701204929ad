using FsCheck.Xunit;
using Functional.Core.Model;
using Functional.Core.Optim;
using static Functional.Properties.Tests.Optim.OptimTestKit;

namespace Functional.Properties.Tests.Optim;

/// <summary>
/// Updates and states never share storage: the matrices of a tree are MathNet's and so can be written by a
/// caller, and writing the updates an Update returned must leave both the state it was given and the state
/// it returned as they were.
/// </summary>
public class NoAliasingProperties
{
    [Property(MaxTest = 60)]
    public void Writing_the_returned_updates_changes_neither_the_old_nor_the_new_state(int seed)
    {
        var parameters = RandomTree(seed);
        foreach (var (name, transformation) in Transformations())
        {
            var p = parameters;
            var state = transformation.Init(p);
            for (int t = 0; t < 3; t++)
            {
                var (updates, next) = transformation.Update(RandomLike(p, seed * 7 + t), state, p);
                var before = Flatten(state);
                var after = Flatten(next);
                var storage = Storage(Trees(state).Concat(Trees(next)));
                Assert.True(!Storage([updates]).Overlaps(storage), $"{name}, step {t}: the updates share storage with a state");

                p = Optimizer.ApplyUpdates(p, updates);
                foreach (var layer in updates.Layers)
                {
                    // Writes through the internal storage: the one way left to change a value, used here to
                    // prove that no other record shares it.
                    Scramble(layer.W.Storage);
                    Scramble(layer.B.Storage);
                }

                Assert.True(SameBits(before, Flatten(state)), $"{name}, step {t}: writing the updates changed the state passed in");
                Assert.True(SameBits(after, Flatten(next)), $"{name}, step {t}: writing the updates changed the state returned");
                state = next;
            }
        }
    }

    // Every building block on its own (the aliasing of a block can hide inside a chain) and every optimizer.
    private static IEnumerable<(string Name, GradientTransformation Transformation)> Transformations()
    {
        yield return ("momentum", Transform.Momentum(0.9));
        yield return ("momentum dampened", Transform.Momentum(0.8, dampening: 0.3));
        yield return ("nesterov", Transform.Momentum(0.9, nesterov: true));
        yield return ("scale_by_adam", Transform.ScaleByAdam());
        yield return ("scale_by_amsgrad", Transform.ScaleByAmsgrad());
        yield return ("scale_by_rms", Transform.ScaleByRms());
        yield return ("scale_by_rms centered", Transform.ScaleByRms(centered: true));
        yield return ("scale_by_rss", Transform.ScaleByRss(0.1));
        yield return ("scale", Transform.Scale(0.5));
        yield return ("scale_by_schedule", Transform.ScaleBySchedule(step => 1.0 / (1 + step)));
        yield return ("add_decayed_weights", Transform.AddDecayedWeights(0.1));
        yield return ("clip_by_value", Transform.ClipByValue(0.3));
        yield return ("clip_by_global_norm", Transform.ClipByGlobalNorm(0.5));
        yield return ("momentum then identity", Transform.Chain(Transform.Momentum(0.9), Transform.Identity()));
        foreach (var variant in Variants())
        {
            yield return variant;
        }
    }

    private static void Scramble(double[] storage)
    {
        for (int i = 0; i < storage.Length; i++)
        {
            storage[i] = 3.0 - 2.0 * storage[i];
        }
    }

    private static HashSet<object> Storage(IEnumerable<ParameterTree> trees) =>
        trees.SelectMany(t => t.Layers.SelectMany(l => new object[] { l.W.Storage, l.B.Storage }))
            .ToHashSet(ReferenceEqualityComparer.Instance);
}
