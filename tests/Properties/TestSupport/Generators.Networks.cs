using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Functional.Core.Losses;
using Functional.Core.Model;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.TestSupport;

/// <summary>A network, a batch (X: n × inputs, Y: n × outputs) and a loss, as one generated case.</summary>
internal sealed record NetCase(Mlp Model, Matrix<double> X, Matrix<double> Y, Loss Loss)
{
    /// <summary>
    /// True when every kink the case could cross under a small perturbation is at least
    /// <paramref name="margin"/> away: ReLU-family pre-activations off zero, MAE and Huber residuals off
    /// their breakpoints. Central differences are only meaningful away from kinks.
    /// </summary>
    public bool AwayFromKinks(double margin)
    {
        var pass = Model.Forward(X);
        for (int i = 0; i < Model.Layers.Length; i++)
        {
            var kind = Model.Activations[i].Kind;
            if (kind is ActivationKind.Relu or ActivationKind.LeakyRelu or ActivationKind.Elu &&
                pass.PreActivations[i].Enumerate().Any(z => Math.Abs(z) < margin))
            {
                return false;
            }
        }

        var residuals = (pass.Output.ToMatrix() - Y).Enumerate();
        return Loss switch
        {
            MaeLoss => residuals.All(d => Math.Abs(d) > margin),
            HuberLoss h => residuals.All(d => Math.Abs(Math.Abs(d) - h.Delta) > margin),
            _ => true,
        };
    }

    /// <summary>BCE on probabilities needs a sigmoid output; both BCE losses need targets in [0, 1].</summary>
    public bool IsValid =>
        (Loss is not BceLoss || Model.Activations[^1].Kind == ActivationKind.Sigmoid) &&
        (Loss is not (BceLoss or BceWithLogitsLoss) || Y.Enumerate().All(v => v is >= 0.0 and <= 1.0));

    public override string ToString() =>
        $"layout [{string.Join(",", Model.Layout)}], activations [{string.Join(",", Model.Activations)}], loss {Loss.Name}, " +
        $"batch {X.RowCount}\n  parameters [{string.Join(", ", Model.ToFlatArray().Select(v => v.ToString("R")))}]\n" +
        $"  X [{string.Join(", ", X.ToRowMajorArray().Select(v => v.ToString("R")))}]\n  Y [{string.Join(", ", Y.ToRowMajorArray().Select(v => v.ToString("R")))}]";
}

internal static partial class Generators
{
    /// <summary>Every activation kind, with default and non-default parameters.</summary>
    public static readonly Activation[] Activations =
    [
        Activation.Identity, Activation.Relu, Activation.LeakyRelu(), Activation.LeakyRelu(0.2), Activation.Tanh,
        Activation.Sigmoid, Activation.Gelu, Activation.Softplus, Activation.Elu(), Activation.Elu(0.5),
    ];

    /// <summary>Every loss, with default and non-default parameters.</summary>
    public static readonly Loss[] Losses =
        [new MseLoss(), new MaeLoss(), new HuberLoss(), new HuberLoss(0.3), new BceLoss(), new BceWithLogitsLoss()];

    /// <summary>A layout of 1 to <paramref name="maxDepth"/> layers with every width in 1..<paramref name="maxWidth"/>.</summary>
    public static Gen<int[]> Layout(int maxDepth = 4, int maxWidth = 8) =>
        from depth in Gen.Choose(1, maxDepth)
        from widths in Gen.Choose(1, maxWidth).ArrayOf(depth + 1)
        select widths;

    /// <summary>One activation per layer, each any of <see cref="Activations"/>.</summary>
    public static Gen<ImmutableArray<Activation>> ActivationsFor(int layers) =>
        Gen.Elements(Activations).ArrayOf(layers).Select(a => a.ToImmutableArray());

    /// <summary>
    /// An Mlp with the given layout and activations whose parameters are uniform in ±b per layer, with b either
    /// PyTorch's default 1/√fan_in or Xavier's √(6 / (fan_in + fan_out)): finite, and of the size training starts from.
    /// </summary>
    public static Gen<Mlp> Network(IReadOnlyList<int> layout, ImmutableArray<Activation> activations) =>
        from xavier in Gen.Elements(false, true)
        from units in Gen.Choose(-1_000_000, 1_000_000).ArrayOf(Mlp.Zeros(layout, activations).ParameterCount)
        select Scaled(Mlp.Zeros(layout, activations), units, xavier);

    /// <summary>Any network: a layout from <see cref="Layout"/>, any activations, parameters from <see cref="Network"/>.</summary>
    public static Gen<Mlp> AnyNetwork { get; } =
        from layout in Layout()
        from activations in ActivationsFor(layout.Length - 1)
        from model in Network(layout, activations)
        select model;

    /// <summary>Networks that shrink (fewer units and layers, identity activations, smaller parameters).</summary>
    public static Arbitrary<Mlp> Networks { get; } = Arb.From(AnyNetwork, m => ShrinkTrees([m]).Select(t => t[0]));

    /// <summary>An n × columns matrix with entries uniform in [lo, hi] on a grid of 10⁶ steps.</summary>
    public static Gen<Matrix<double>> Matrix(int rows, int columns, double lo, double hi) =>
        Gen.Choose(0, 1_000_000).ArrayOf(rows * columns)
            .Select(k => Matrix<double>.Build.DenseOfRowMajor(rows, columns, k.Select(v => lo + (hi - lo) * (v / 1e6))));

    /// <summary>
    /// A batch for <paramref name="model"/> and <paramref name="loss"/>: 1 to 6 rows, inputs in [-2, 2] and
    /// targets in [0, 1] for the BCE losses, [-2, 2] otherwise.
    /// </summary>
    public static Gen<(Matrix<double> X, Matrix<double> Y)> Batch(Mlp model, Loss loss) =>
        from n in Gen.Choose(1, 6)
        from x in Matrix(n, model.InputSize, -2, 2)
        from y in loss is BceLoss or BceWithLogitsLoss ? Matrix(n, model.OutputSize, 0, 1) : Matrix(n, model.OutputSize, -2, 2)
        select (x, y);

    /// <summary>
    /// A network (depth 1-4, widths 1-8, any activations), a batch for it and the given loss (or any loss); a BCE
    /// loss on probabilities gets a sigmoid output layer.
    /// </summary>
    public static Gen<NetCase> NetCaseGen(Loss? loss = null) =>
        from chosen in loss is null ? Gen.Elements(Losses) : Gen.Constant(loss)
        from layout in Layout()
        from drawn in ActivationsFor(layout.Length - 1)
        let activations = chosen is BceLoss ? drawn.SetItem(drawn.Length - 1, Activation.Sigmoid) : drawn
        from model in Network(layout, activations)
        from batch in Batch(model, chosen)
        select new NetCase(model, batch.X, batch.Y, chosen);

    /// <summary><see cref="NetCaseGen"/> with shrinking that keeps the case valid (<see cref="NetCase.IsValid"/>).</summary>
    public static Arbitrary<NetCase> NetCases(Loss? loss = null) =>
        Arb.From(NetCaseGen(loss), c => ShrinkCase(c, loss is null));

    /// <summary>
    /// <paramref name="count"/> trees of one shape (1 to 3 tanh layers, widths 1 to 4): the first with entries
    /// from <paramref name="first"/>, the rest from <paramref name="rest"/>. The first is a parameter tree, the
    /// others gradients or moments for it; shrinking removes units from all of them at once.
    /// </summary>
    public static Arbitrary<Mlp[]> Trees(int count, Gen<double> first, Gen<double> rest) =>
        Arb.From(
            from layout in Layout(maxDepth: 3, maxWidth: 4)
            let shape = Mlp.Zeros(layout, Mlp.UniformActivations(layout.Length - 1, Activation.Tanh))
            from values in Gen.CollectToArray(Enumerable.Range(0, count).Select(i => (i == 0 ? first : rest).ArrayOf(shape.ParameterCount)))
            select values.Select(v => shape.WithFlatParameters(v)).ToArray(),
            ShrinkTrees);

    /// <summary>Ordinary tree entries: uniform in [-3, 3].</summary>
    public static Gen<double> Ordinary { get; } = Gen.Choose(-3_000_000, 3_000_000).Select(i => i / 1e6);

    private static Mlp Scaled(Mlp shape, int[] units, bool xavier)
    {
        var flat = new double[units.Length];
        int k = 0;
        foreach (var layer in shape.Layers)
        {
            double bound = xavier ? Math.Sqrt(6.0 / (layer.InFeatures + layer.OutFeatures)) : 1.0 / Math.Sqrt(layer.InFeatures);
            for (int i = 0; i < layer.ParameterCount; i++, k++)
            {
                flat[k] = bound * (units[k] / 1e6);
            }
        }

        return shape.WithFlatParameters(flat);
    }

    // Smaller cases, simplest first: one sample, fewer samples, the first layer folded into the data, fewer units,
    // identity activations, MSE, then smaller numbers. Candidates that break the case's constraints are dropped.
    private static IEnumerable<NetCase> ShrinkCase(NetCase c, bool anyLoss)
    {
        var candidates = ShrinkCaseStructure(c, anyLoss)
            .Concat(ShrinkEach(c.Model.ToFlatArray()).Select(p => c with { Model = c.Model.WithFlatParameters(p) }))
            .Concat(ShrinkEach(c.X.ToRowMajorArray()).Select(x => c with { X = FromRows(c.X, x) }))
            .Concat(ShrinkEach(c.Y.ToRowMajorArray()).Select(y => c with { Y = FromRows(c.Y, y) }));
        return candidates.Where(s => s.IsValid);
    }

    private static IEnumerable<NetCase> ShrinkCaseStructure(NetCase c, bool anyLoss)
    {
        int n = c.X.RowCount;
        if (n > 1)
        {
            yield return c with { X = c.X.SubMatrix(0, 1, 0, c.X.ColumnCount), Y = c.Y.SubMatrix(0, 1, 0, c.Y.ColumnCount) };
            for (int r = 0; r < n; r++)
            {
                yield return c with { X = c.X.RemoveRow(r), Y = c.Y.RemoveRow(r) };
            }
        }

        var m = c.Model;
        if (m.Layers.Length > 1)
        {
            // The first layer's output becomes the data: the rest of the network sees exactly what it saw before.
            yield return c with { Model = new Mlp(m.Layers.RemoveAt(0), m.Activations.RemoveAt(0)), X = m.Forward(c.X).Inputs[1].ToMatrix() };
        }

        var layout = m.Layout;
        for (int level = 0; level < layout.Length; level++)
        {
            for (int j = 0; layout[level] > 1 && j < layout[level]; j++)
            {
                yield return c with
                {
                    Model = RemoveUnit(m, level, j),
                    X = level == 0 ? c.X.RemoveColumn(j) : c.X,
                    Y = level == layout.Length - 1 ? c.Y.RemoveColumn(j) : c.Y,
                };
            }
        }

        for (int i = 0; i < m.Activations.Length; i++)
        {
            if (m.Activations[i] != Activation.Identity)
            {
                yield return c with { Model = m with { Activations = m.Activations.SetItem(i, Activation.Identity) } };
            }
        }

        if (anyLoss && c.Loss is not MseLoss)
        {
            yield return c with { Loss = new MseLoss() };
        }
    }

    // Structure first (a layer, then a unit, removed from every tree), then each tree's entries.
    private static IEnumerable<Mlp[]> ShrinkTrees(Mlp[] trees)
    {
        var m = trees[0];
        if (m.Layers.Length > 1)
        {
            yield return [.. trees.Select(t => new Mlp(t.Layers.RemoveAt(0), t.Activations.RemoveAt(0)))];
        }

        var layout = m.Layout;
        for (int level = 0; level < layout.Length; level++)
        {
            for (int j = 0; layout[level] > 1 && j < layout[level]; j++)
            {
                yield return [.. trees.Select(t => RemoveUnit(t, level, j))];
            }
        }

        for (int i = 0; i < m.Activations.Length; i++)
        {
            if (m.Activations[i] != Activation.Identity)
            {
                yield return [.. trees.Select(t => t with { Activations = t.Activations.SetItem(i, Activation.Identity) })];
            }
        }

        for (int k = 0; k < trees.Length; k++)
        {
            foreach (double[] smaller in ShrinkEach(trees[k].ToFlatArray()))
            {
                var copy = (Mlp[])trees.Clone();
                copy[k] = trees[k].WithFlatParameters(smaller);
                yield return copy;
            }
        }
    }

    // Removes unit j at a level of the layout (0 the inputs, the last the outputs): the column of the layer that
    // reads it and the row and bias of the layer that writes it.
    private static Mlp RemoveUnit(Mlp m, int level, int j)
    {
        var layers = m.Layers.ToBuilder();
        if (level < layers.Count)
        {
            var (w, b) = layers[level];
            layers[level] = new Linear(w.ToMatrix().RemoveColumn(j), b.ToVector());
        }

        if (level > 0)
        {
            var (w, b) = layers[level - 1];
            layers[level - 1] = new Linear(w.ToMatrix().RemoveRow(j), Vector<double>.Build.DenseOfEnumerable(b.Enumerate().Where((_, i) => i != j)));
        }

        return new Mlp(layers.MoveToImmutable(), m.Activations);
    }

    private static Matrix<double> FromRows(Matrix<double> like, double[] rowMajor) =>
        Matrix<double>.Build.DenseOfRowMajor(like.RowCount, like.ColumnCount, rowMajor);
}
