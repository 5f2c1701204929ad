using System.Collections.Immutable;
using Functional.Core.Model;
using Functional.Core.Optim;
using FsCheck.Fluent;
using Functional.Properties.Tests.TestSupport;

namespace Functional.Properties.Tests.Optim;

/// <summary>Small trees, optimizer runs and state inspection shared by the optimizer tests.</summary>
internal static class OptimTestKit
{
    /// <summary>
    /// A 1-2-1 tanh net from 7 values in <see cref="Mlp.ToFlatArray"/> order:
    /// W1 (2x1) [w11, w21], B1 [b11, b12], W2 (1x2) [w11, w12], B2 [b2].
    /// </summary>
    internal static Mlp Net121(params double[] flat) =>
        Mlp.Zeros([1, 2, 1], Mlp.UniformActivations(2, Activation.Tanh)).WithFlatParameters(flat);

    /// <summary>A 1-1 linear net from [w, b].</summary>
    internal static Mlp Net11(double w, double b) =>
        Mlp.Zeros([1, 1], Mlp.UniformActivations(1, Activation.Identity)).WithFlatParameters([w, b]);

    /// <summary>
    /// Runs <paramref name="optimizer"/> from <paramref name="parameters"/> with one fixed gradient per step
    /// (each shaped like the parameters, as a flat array) and returns the parameters after every step, flat.
    /// </summary>
    internal static double[][] Run(GradientTransformation optimizer, Mlp parameters, params double[][] gradients)
    {
        var state = optimizer.Init(parameters);
        var trajectory = new double[gradients.Length][];
        for (int t = 0; t < gradients.Length; t++)
        {
            var g = parameters.WithFlatParameters(gradients[t]);
            (var updates, state) = optimizer.Update(g, state, parameters);
            parameters = Optimizer.ApplyUpdates(parameters, updates);
            trajectory[t] = parameters.ToFlatArray();
        }

        return trajectory;
    }

    /// <summary>
    /// One fixed tree from the shared generator (1 to 3 layers, widths 1 to 4, entries in [-3, 3]), for examples
    /// that need a concrete tree; properties draw theirs from <see cref="Generators.Trees"/>.
    /// </summary>
    internal static Mlp RandomTree(int seed) =>
        Generators.Fixed(Generators.Trees(1, Generators.Ordinary, Generators.Ordinary).Generator, seed)[0];

    /// <summary>One fixed tree shaped like <paramref name="template"/> with entries in [-3, 3].</summary>
    internal static Mlp RandomLike(Mlp template, int seed) =>
        template.WithFlatParameters(Generators.Fixed(Generators.Ordinary.ArrayOf(template.ParameterCount), seed));

    /// <summary>
    /// Every number a state holds, in a fixed order (ints and doubles as doubles, trees flattened), walking
    /// nested states and chains. Throws when a state holds anything else, which would break the promise
    /// that states serialise generically.
    /// </summary>
    internal static List<double> Flatten(TransformState state)
    {
        var values = new List<double>();
        foreach (object? field in Fields(state))
        {
            switch (field)
            {
                case int i:
                    values.Add(i);
                    break;
                case double d:
                    values.Add(d);
                    break;
                case ParameterTree tree:
                    values.AddRange(tree.ToFlatArray());
                    break;
                case TransformState inner:
                    values.AddRange(Flatten(inner));
                    break;
                case ImmutableArray<TransformState> states:
                    foreach (var inner in states)
                    {
                        values.AddRange(Flatten(inner));
                    }

                    break;
                default:
                    throw new InvalidOperationException($"{state.GetType().Name} holds a {field?.GetType().Name ?? "null"}");
            }
        }

        return values;
    }

    /// <summary>Every tree a state holds, walking nested states and chains.</summary>
    internal static IEnumerable<ParameterTree> Trees(TransformState state)
    {
        foreach (object? field in Fields(state))
        {
            IEnumerable<ParameterTree> nested = field switch
            {
                ParameterTree tree => [tree],
                TransformState inner => Trees(inner),
                ImmutableArray<TransformState> states => states.SelectMany(Trees),
                _ => [],
            };
            foreach (var tree in nested)
            {
                yield return tree;
            }
        }
    }

    /// <summary>The public instance properties of a state record, in declaration order.</summary>
    internal static IEnumerable<object?> Fields(TransformState state) =>
        state.GetType().GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.DeclaringType != typeof(object))
            .OrderBy(p => p.MetadataToken)
            .Select(p => p.GetValue(state));

    /// <summary>Whether two lists hold bit-identical doubles (NaN equal to NaN).</summary>
    internal static bool SameBits(IReadOnlyList<double> a, IReadOnlyList<double> b) =>
        a.Count == b.Count && a.Zip(b).All(p => BitConverter.DoubleToInt64Bits(p.First) == BitConverter.DoubleToInt64Bits(p.Second));

    /// <summary>Every registered optimizer and some non-default variants, by a descriptive name.</summary>
    internal static IEnumerable<(string Name, GradientTransformation Optimizer)> Variants()
    {
        foreach (string name in OptimizerSpec.Names)
        {
            yield return (name, OptimizerSpec.Parse(name).Create());
        }

        yield return ("sgd wd+dampening", Optimizer.Sgd(0.05, momentum: 0.8, dampening: 0.3, weightDecay: 0.1));
        yield return ("adam wd", Optimizer.Adam(weightDecay: 0.1));
        yield return ("adamw amsgrad", Optimizer.AdamW(amsgrad: true));
        yield return ("rmsprop centered momentum wd", Optimizer.RmsProp(momentum: 0.9, centered: true, weightDecay: 0.01));
        yield return ("adagrad decay wd", Optimizer.Adagrad(learningRateDecay: 0.1, weightDecay: 0.1, initialAccumulatorValue: 0.1));
        yield return ("adam cosine", Optimizer.Adam(Schedules.CosineAnnealing(1e-3, 10)));
        yield return ("clip chain", OptimizerSpec.Parse("adam:clip_norm=0.5,clip_value=0.3").Create());
    }
}
