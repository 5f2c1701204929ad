using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using static Functional.Core.Engine.DenseKernels;

namespace Functional.Core.Engine;

/// <summary>
/// The per-run scratch memory of the training fold: activations, pre-activations, deltas, packed weights
/// and the gradient, sized once for the layout and the largest batch. The fold owns it and never hands it
/// out; the only code that writes into it is the InPlace methods here and in <see cref="DenseKernels"/>
/// so no record (whose matrices must never change) ever shares its storage. What the fold returns is built
/// fresh from it.
/// <para>
/// One pass (<see cref="LossAndGradientsInPlace"/>) runs forward, loss and backward for the whole dense
/// chain and leaves dL/dθ in <see cref="Gradients"/>, laid out as <c>ParameterStorage.Read</c> lays out a
/// tree (per layer W column-major, then B). Every number equals what <see cref="Mlp.LossAndGradients"/>
/// computes, bit for bit.
/// </para>
/// </summary>
internal sealed class TrainingWorkspace
{
    private readonly int[] widths;
    private readonly int[] padded;
    private readonly Activation[] activations;
    private readonly double[][] forwardWeights;   // per layer: [k, o] = W[o, k], rows padded to padded[i + 1]
    private readonly double[][] backwardWeights;  // per layer: [o, k] = W[o, k], rows padded to padded[i]
    private readonly double[][] biases;           // per layer: B, padded
    private readonly double[][] outputs;          // per level 0..L: the layer input / activation, one padded row per sample
    private readonly double[][] preActivations;   // per level 1..L (the same array as outputs[l] for identity)
    private readonly double[][] weightGradients;  // per layer, in the forward-weights layout
    private readonly double[] biasGradient;
    private readonly double[] targets;            // row-major (n, out), unpadded
    private readonly int[] offsets;               // per layer: where W starts in a flat tree; B follows W
    private double[] upstream;
    private double[] spare;
    private int rows;

    /// <summary>Allocates a workspace for a network of <paramref name="layout"/> and batches of up to <paramref name="capacity"/> rows.</summary>
    internal TrainingWorkspace(ImmutableArray<int> layout, ImmutableArray<Activation> activations, int capacity)
    {
        int layers = layout.Length - 1;
        widths = [.. layout];
        padded = [.. layout.Select(Padded)];
        this.activations = [.. activations];
        Capacity = Math.Max(1, capacity);
        forwardWeights = new double[layers][];
        backwardWeights = new double[layers][];
        biases = new double[layers][];
        weightGradients = new double[layers][];
        offsets = new int[layers];
        outputs = new double[layers + 1][];
        preActivations = new double[layers + 1][];
        outputs[0] = new double[Capacity * padded[0]];
        for (int i = 0; i < layers; i++)
        {
            int inW = widths[i], outW = widths[i + 1];
            forwardWeights[i] = new double[inW * padded[i + 1]];
            backwardWeights[i] = new double[outW * padded[i]];
            biases[i] = new double[padded[i + 1]];
            weightGradients[i] = new double[inW * padded[i + 1]];
            offsets[i] = i == 0 ? 0 : offsets[i - 1] + widths[i - 1] * widths[i] + widths[i];
            preActivations[i + 1] = new double[Capacity * padded[i + 1]];
            outputs[i + 1] = this.activations[i].Kind == ActivationKind.Identity ? preActivations[i + 1] : new double[Capacity * padded[i + 1]];
        }

        int widest = padded.Max();
        biasGradient = new double[widest];
        upstream = new double[Capacity * widest];
        spare = new double[Capacity * widest];
        targets = new double[Capacity * widths[^1]];
        Gradients = new double[offsets[^1] + widths[^2] * widths[^1] + widths[^1]];
    }

    /// <summary>The largest batch this workspace holds.</summary>
    internal int Capacity { get; }

    /// <summary>dL/dθ after <see cref="LossAndGradientsInPlace"/>, flat: per layer W (column-major) then B.</summary>
    internal double[] Gradients { get; }

    /// <summary>
    /// Copies the samples at <paramref name="indices"/> (rows of the column-major arrays <paramref name="x"/>
    /// of <paramref name="count"/> rows, and <paramref name="y"/>) into the batch buffers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void GatherInPlace(double[] x, double[] y, int count, ReadOnlySpan<int> indices)
    {
        rows = indices.Length;
        int inputs = widths[0], outputsCount = widths[^1], stride = padded[0];
        double[] batch = outputs[0];
        for (int r = 0; r < indices.Length; r++)
        {
            int index = indices[r];
            for (int c = 0; c < inputs; c++)
            {
                batch[r * stride + c] = x[c * count + index];
            }

            for (int c = 0; c < outputsCount; c++)
            {
                targets[r * outputsCount + c] = y[c * count + index];
            }
        }
    }

    /// <summary>
    /// Runs the gathered batch forward through the parameters <paramref name="parameters"/> (a flat tree:
    /// per layer W column-major, then B; only read) and returns the mean loss; with
    /// <paramref name="backward"/> also leaves dL/dθ in <see cref="Gradients"/>.
    /// </summary>
    internal double LossAndGradientsInPlace(double[] parameters, Loss loss, bool backward = true)
    {
        PackInPlace(parameters);
        ForwardInPlace();
        double value = LossInPlace(loss, backward);
        if (backward)
        {
            BackwardInPlace();
        }

        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void PackInPlace(double[] parameters)
    {
        for (int i = 0; i < forwardWeights.Length; i++)
        {
            int inW = widths[i], outW = widths[i + 1], pIn = padded[i], pOut = padded[i + 1], w = offsets[i];
            double[] forward = forwardWeights[i], back = backwardWeights[i];
            // The first layer's input gradient is never computed, so it needs no backward layout.
            bool transpose = i > 0;
            for (int k = 0; k < inW; k++)
            {
                int source = w + k * outW, target = k * pOut;
                for (int o = 0; o < outW; o++)
                {
                    double value = parameters[source + o];
                    forward[target + o] = value;
                    if (transpose)
                    {
                        back[o * pIn + k] = value;
                    }
                }
            }

            parameters.AsSpan(w + inW * outW, outW).CopyTo(biases[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ForwardInPlace()
    {
        for (int i = 0; i < forwardWeights.Length; i++)
        {
            MultiplyRowsInPlace(outputs[i], padded[i], widths[i], forwardWeights[i], padded[i + 1], biases[i], preActivations[i + 1], rows);
            ActivateInPlace(activations[i], preActivations[i + 1], outputs[i + 1], rows, padded[i + 1], widths[i + 1]);
        }
    }

    // The mean over every element in MathNet's column-major order (column by column), as Loss.Value sums;
    // the output gradient scale · dℓ/dp, as Loss.Gradient, goes into the upstream buffer.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal double LossInPlace(Loss loss, bool gradient)
    {
        int outW = widths[^1], stride = padded[^1];
        double[] prediction = outputs[^1];
        double scale = 1.0 / (rows * outW);
        double sum = 0.0;
        if (loss is MseLoss)
        {
            // PERF: MseLoss.Element and ElementDerivative inlined (same expressions) to skip two virtual calls per element.
            for (int c = 0; c < outW; c++)
            {
                for (int r = 0; r < rows; r++)
                {
                    double p = prediction[r * stride + c], t = targets[r * outW + c];
                    double d = p - t;
                    sum += d * d;
                    if (gradient)
                    {
                        upstream[r * stride + c] = scale * (2.0 * (p - t));
                    }
                }
            }
        }
        else
        {
            for (int c = 0; c < outW; c++)
            {
                for (int r = 0; r < rows; r++)
                {
                    double p = prediction[r * stride + c], t = targets[r * outW + c];
                    sum += loss.ElementValue(p, t);
                    if (gradient)
                    {
                        upstream[r * stride + c] = scale * loss.ElementGradient(p, t);
                    }
                }
            }
        }

        return sum / (rows * outW);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void BackwardInPlace()
    {
        for (int i = forwardWeights.Length - 1; i >= 0; i--)
        {
            int pIn = padded[i], pOut = padded[i + 1], inW = widths[i], outW = widths[i + 1];
            ActivationBackwardInPlace(activations[i], preActivations[i + 1], outputs[i + 1], upstream, rows, pOut, outW);
            WeightGradientInPlace(upstream, pOut, outputs[i], pIn, inW, weightGradients[i], rows);
            ColumnSumsInPlace(upstream, pOut, rows, biasGradient);

            // Unpack into the tree layout: W column-major (k, o) -> k * out + o, then B.
            double[] packedGradient = weightGradients[i];
            int w = offsets[i];
            for (int k = 0; k < inW; k++)
            {
                packedGradient.AsSpan(k * pOut, outW).CopyTo(Gradients.AsSpan(w + k * outW));
            }

            biasGradient.AsSpan(0, outW).CopyTo(Gradients.AsSpan(w + inW * outW));

            if (i > 0)
            {
                MultiplyRowsInPlace(upstream, pOut, outW, backwardWeights[i], pIn, null, spare, rows);
                (upstream, spare) = (spare, upstream);
            }
        }
    }
}
