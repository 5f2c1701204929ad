using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Model;

/// <summary>
/// The initial parameters the tutorial printed for its 1-10-10-10-1 network (<c>list(model.parameters())</c>
/// before training): 251 float32 values as PyTorch's printer rounded them (4 decimals; the second hidden
/// layer's weights in scientific notation with 5 significant digits), taken as float64. Training from
/// them is what lands a replay on the tutorial's printed losses.
/// </summary>
public static class TutorialParameters
{
    /// <summary>The layout the printed parameters belong to: [1, 10, 10, 10, 1].</summary>
    public static ImmutableArray<int> Layout { get; } = [1, 10, 10, 10, 1];

    /// <summary>How many values were printed: 251.</summary>
    public const int Count = 251;

    /// <summary>
    /// Returns a fresh network holding the printed values, with <paramref name="activations"/> (one per layer).
    /// Layer i has W of shape (Layout[i+1], Layout[i]) and B of length Layout[i+1].
    /// </summary>
    [Pure]
    public static Mlp Create(ImmutableArray<Activation> activations)
    {
        double[][] weights = [InputWeight, Hidden0Weight, Hidden1Weight, OutputWeight];
        double[][] biases = [InputBias, Hidden0Bias, Hidden1Bias, OutputBias];
        var layers = ImmutableArray.CreateBuilder<Linear>(weights.Length);
        for (int i = 0; i < weights.Length; i++)
        {
            layers.Add(new Linear(
                Matrix<double>.Build.DenseOfRowMajor(Layout[i + 1], Layout[i], weights[i]),
                Vector<double>.Build.DenseOfArray((double[])biases[i].Clone())));
        }

        return new Mlp(layers.MoveToImmutable(), activations);
    }

    /// <summary>Whether <paramref name="layout"/> is the tutorial's 1-10-10-10-1.</summary>
    [Pure]
    public static bool Fits(IReadOnlyList<int> layout) => layout is not null && layout.SequenceEqual(Layout);

    // sequence.input.weight, shape (10, 1), row-major
    private static readonly double[] InputWeight =
    [
        0.5957, -0.2095, 0.9439, 0.3724, 0.0083, 0.7601, 0.9996, 0.1230, 0.0193, -0.1383,
    ];

    // sequence.input.bias, shape (10,)
    private static readonly double[] InputBias =
    [
        0.8483, 0.9051, 0.3053, -0.4575, -0.6207, 0.5739, -0.9388, 0.3494, -0.2727, -0.2968,
    ];

    // sequence.hidden_0.weight, shape (10, 10), row-major
    private static readonly double[] Hidden0Weight =
    [
        -0.0815, -0.1203, 0.2260, 0.1604, -0.2505, -0.1397, -0.2555, -0.3098, 0.2177, -0.1701,
        0.0339, -0.2815, 0.1118, -0.1974, -0.3102, -0.1016, 0.1442, -0.1922, 0.2321, 0.2647,
        -0.2568, 0.2317, -0.1925, -0.1528, 0.2167, 0.1578, -0.1405, 0.0215, -0.1596, -0.1999,
        -0.2609, -0.0892, 0.1190, 0.1843, -0.2448, -0.1443, 0.1279, 0.3129, 0.1593, -0.2072,
        0.2477, 0.0610, 0.1475, 0.1105, 0.2457, 0.1855, 0.1531, 0.1143, 0.2058, 0.1265,
        -0.1750, 0.0696, -0.0701, -0.1006, 0.2634, -0.2636, 0.0596, 0.0423, -0.0904, 0.0137,
        -0.1992, -0.2048, -0.0184, -0.2192, -0.0618, 0.2923, 0.2422, -0.2877, 0.1879, 0.0197,
        0.2598, 0.2574, -0.0518, 0.2915, 0.0410, 0.1598, 0.2681, -0.1554, -0.1318, 0.1276,
        0.1472, -0.2884, -0.0034, -0.0970, -0.1357, 0.0315, -0.2795, 0.1820, 0.0104, 0.0825,
        0.1168, -0.0154, -0.2390, 0.1218, -0.0500, -0.2797, -0.2937, 0.1958, -0.3042, -0.0349,
    ];

    // sequence.hidden_0.bias, shape (10,)
    private static readonly double[] Hidden0Bias =
    [
        -0.0751, -0.1982, 0.2927, -0.1406, -0.1750, -0.0559, -0.0574, -0.1329, -0.2584, -0.0128,
    ];

    // sequence.hidden_1.weight, shape (10, 10), row-major
    private static readonly double[] Hidden1Weight =
    [
        1.8853e-01, 3.1487e-01, -1.3321e-01, 2.7611e-01, -6.5985e-02, 1.5190e-01, 2.3778e-01, -1.7344e-01, 1.8188e-01, -6.0346e-04,
        1.1805e-01, 2.9807e-01, 1.6034e-01, -3.1055e-01, -2.5140e-01, 2.5764e-01, -2.9676e-01, -1.4071e-01, 2.1692e-01, -9.9120e-02,
        1.8787e-01, 8.2359e-02, -2.6943e-01, -2.7640e-01, 1.5982e-01, 9.9762e-02, 2.9986e-01, 8.2952e-02, 2.9520e-02, 1.1230e-01,
        2.6853e-01, 3.0767e-01, -2.3740e-01, 3.2451e-02, 2.6745e-01, 5.1565e-02, 1.7632e-01, 9.4864e-02, 1.2595e-01, -2.2632e-01,
        6.6794e-02, 1.4345e-01, 1.6067e-01, 2.1540e-01, 1.8903e-01, 1.6268e-01, -1.0659e-01, 2.9245e-01, 2.2184e-01, 1.0753e-02,
        2.4664e-01, 1.4580e-01, 1.0861e-01, 2.2553e-01, -2.7989e-01, 2.9145e-03, 2.5426e-02, 1.3034e-01, 1.9074e-01, -2.3959e-01,
        -1.4100e-01, -7.8086e-02, -2.4486e-01, -1.6356e-01, 2.3353e-01, -2.8770e-01, 5.2474e-02, 1.7933e-01, 1.5975e-01, 6.2671e-02,
        -2.9377e-01, 4.0539e-02, -2.9290e-01, -1.8188e-01, 8.2487e-02, 1.0687e-04, -7.5867e-02, -8.1707e-02, 3.0670e-01, -2.8326e-01,
        -2.4652e-01, 1.6804e-01, 4.8564e-02, 4.9895e-02, -1.8922e-01, 4.8270e-02, 2.0123e-01, 1.0683e-01, -2.6501e-01, 1.9162e-01,
        -8.3793e-02, 1.2565e-01, -1.1219e-02, -2.7306e-01, 2.2517e-01, -2.0160e-01, -2.8942e-01, 1.1192e-01, 1.3327e-01, 1.0213e-01,
    ];

    // sequence.hidden_1.bias, shape (10,)
    private static readonly double[] Hidden1Bias =
    [
        -0.2445, 0.2477, 0.0151, 0.1034, 0.1456, -0.1321, -0.1087, 0.1510, 0.2201, -0.3071,
    ];

    // sequence.output.weight, shape (1, 10), row-major
    private static readonly double[] OutputWeight =
    [
        -0.0494, -0.0922, -0.0967, 0.2176, -0.1031, -0.0615, 0.0475, -0.1661, 0.1883, 0.0229,
    ];

    // sequence.output.bias, shape (1,)
    private static readonly double[] OutputBias =
    [
        -0.1537,
    ];
}
