using System.Collections.Immutable;
using Functional.Core;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.TestSupport;

/// <summary>A random network, batch and loss, all derived from one seed that FsCheck supplies.</summary>
internal sealed record RandomCase(Mlp Model, Matrix<double> X, Matrix<double> Y, Loss Loss)
{
    public override string ToString() =>
        $"layout [{string.Join(",", Model.Layout)}], activations [{string.Join(",", Model.Activations)}], batch {X.RowCount}, loss {Loss.Name}";
}

internal static class RandomNets
{
    public static readonly Activation[] AllActivations =
    [
        Activation.Identity, Activation.Relu, Activation.LeakyRelu(), Activation.LeakyRelu(0.2), Activation.Tanh,
        Activation.Sigmoid, Activation.Gelu, Activation.Softplus, Activation.Elu(), Activation.Elu(0.5),
    ];

    public static readonly Loss[] AllLosses =
        [new MseLoss(), new MaeLoss(), new HuberLoss(), new HuberLoss(0.3), new BceLoss(), new BceWithLogitsLoss()];

    /// <summary>Depth 1-4, widths 1-8, random activations, batch 1-6, the given or a random loss.</summary>
    public static RandomCase Make(int seed, Loss? loss = null)
    {
        var rng = RandomState.Seed(unchecked((uint)seed));
        (uint[] u, rng) = rng.NextUInt32(16);
        int depth = 1 + (int)(u[0] % 4);
        var layout = new int[depth + 1];
        for (int i = 0; i <= depth; i++)
        {
            layout[i] = 1 + (int)(u[1 + i] % 8);
        }

        loss ??= AllLosses[u[6] % AllLosses.Length];
        var activations = ImmutableArray.CreateBuilder<Activation>(depth);
        for (int i = 0; i < depth; i++)
        {
            activations.Add(AllActivations[u[7 + i] % AllActivations.Length]);
        }

        // BCE on probabilities needs outputs in (0, 1): give that case a sigmoid output.
        if (loss is BceLoss)
        {
            activations[depth - 1] = Activation.Sigmoid;
        }

        int batch = 1 + (int)(u[12] % 6);
        var init = u[13] % 2 == 0 ? Initializer.TorchDefault : new Initializer(WeightInit.XavierNormal);
        (var model, rng) = init.Initialize(layout, activations.MoveToImmutable(), rng);
        (double[] xs, rng) = rng.Uniform(-2, 2, batch * layout[0]);
        var x = Matrix<double>.Build.DenseOfRowMajor(batch, layout[0], xs);
        double low = loss is BceLoss or BceWithLogitsLoss ? 0 : -2;
        double high = loss is BceLoss or BceWithLogitsLoss ? 1 : 2;
        (double[] ys, _) = rng.Uniform(low, high, batch * layout[^1]);
        var y = Matrix<double>.Build.DenseOfRowMajor(batch, layout[^1], ys);
        return new RandomCase(model, x, y, loss);
    }

    /// <summary>
    /// True when every kink the case could cross under a small perturbation is at least
    /// <paramref name="margin"/> away: ReLU-family pre-activations off zero, MAE and Huber residuals off
    /// their breakpoints. Central differences are only meaningful away from kinks.
    /// </summary>
    public static bool AwayFromKinks(RandomCase c, double margin = 1e-3)
    {
        var pass = c.Model.Forward(c.X);
        for (int i = 0; i < c.Model.Layers.Length; i++)
        {
            var kind = c.Model.Activations[i].Kind;
            if (kind is ActivationKind.Relu or ActivationKind.LeakyRelu or ActivationKind.Elu &&
                pass.PreActivations[i].Enumerate().Any(z => Math.Abs(z) < margin))
            {
                return false;
            }
        }

        var residuals = (pass.Output.ToMatrix() - c.Y).Enumerate();
        return c.Loss switch
        {
            MaeLoss => residuals.All(d => Math.Abs(d) > margin),
            HuberLoss h => residuals.All(d => Math.Abs(Math.Abs(d) - h.Delta) > margin),
            _ => true,
        };
    }

    public static Matrix<double> Copy(Matrix<double> m) => m.Clone();

    public static double[] Flat(Matrix<double> m) => m.ToColumnMajorArray();

    public static double[] Flat(ReadOnlyMatrix m) => m.ToColumnMajorArray();
}
