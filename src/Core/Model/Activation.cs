using System.Diagnostics.Contracts;
using System.Globalization;
using MathNet.Numerics;

namespace Functional.Core.Model;

/// <summary>The element-wise activation functions a layer can apply after its affine map.</summary>
public enum ActivationKind
{
    /// <summary>f(z) = z.</summary>
    Identity,

    /// <summary>f(z) = max(0, z); f'(0) = 0 as in PyTorch.</summary>
    Relu,

    /// <summary>f(z) = z for z &gt; 0, slope·z otherwise.</summary>
    LeakyRelu,

    /// <summary>f(z) = tanh(z).</summary>
    Tanh,

    /// <summary>f(z) = 1 / (1 + e^-z).</summary>
    Sigmoid,

    /// <summary>f(z) = z·Φ(z), the exact erf form (PyTorch's default GELU).</summary>
    Gelu,

    /// <summary>f(z) = log(1 + e^z) (computed as log1p(e^z)), linear above z = 20 as in PyTorch (beta 1, threshold 20).</summary>
    Softplus,

    /// <summary>f(z) = z for z &gt; 0, alpha·(e^z - 1) otherwise.</summary>
    Elu,
}

/// <summary>
/// An activation function with its parameter (the negative slope of leaky ReLU, the alpha of ELU;
/// unused by the others). Values and derivatives are pure functions of the pre-activation.
/// </summary>
/// <param name="Kind">Which function.</param>
/// <param name="Parameter">Leaky ReLU's negative slope or ELU's alpha; 0 for the others.</param>
public sealed record Activation(ActivationKind Kind, double Parameter = 0.0)
{
    /// <summary>PyTorch's default negative slope for <c>nn.LeakyReLU</c>.</summary>
    public const double DefaultNegativeSlope = 0.01;

    private const double SoftplusThreshold = 20.0;

    /// <summary>The identity (no activation).</summary>
    public static Activation Identity { get; } = new(ActivationKind.Identity);

    /// <summary>ReLU.</summary>
    public static Activation Relu { get; } = new(ActivationKind.Relu);

    /// <summary>Tanh.</summary>
    public static Activation Tanh { get; } = new(ActivationKind.Tanh);

    /// <summary>Sigmoid.</summary>
    public static Activation Sigmoid { get; } = new(ActivationKind.Sigmoid);

    /// <summary>GELU, exact erf form.</summary>
    public static Activation Gelu { get; } = new(ActivationKind.Gelu);

    /// <summary>Softplus with beta 1 and threshold 20.</summary>
    public static Activation Softplus { get; } = new(ActivationKind.Softplus);

    /// <summary>Names accepted by <see cref="Parse"/>, in the order they are listed to users.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["identity", "relu", "leaky_relu", "tanh", "sigmoid", "gelu", "softplus", "elu"];

    /// <summary>Leaky ReLU with the given negative slope (PyTorch's default 0.01).</summary>
    [Pure]
    public static Activation LeakyRelu(double negativeSlope = DefaultNegativeSlope) =>
        new(ActivationKind.LeakyRelu, negativeSlope);

    /// <summary>ELU with the given alpha (PyTorch's default 1).</summary>
    [Pure]
    public static Activation Elu(double alpha = 1.0) => new(ActivationKind.Elu, alpha);

    /// <summary>
    /// Parses a name as users type it: <c>relu</c>, <c>tanh</c>, <c>leaky_relu</c> or <c>leaky_relu:0.2</c>,
    /// <c>elu</c> or <c>elu:0.5</c>, and so on (case-insensitive; <c>none</c> and <c>linear</c> mean identity).
    /// Throws <see cref="FormatException"/> naming the valid names when the name is unknown.
    /// </summary>
    [Pure]
    public static Activation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Trim().ToLowerInvariant().Split(':', 2);
        string name = parts[0].Replace("-", "_", StringComparison.Ordinal);
        double? parameter = null;
        if (parts.Length == 2)
        {
            if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double p) || !double.IsFinite(p))
            {
                throw new FormatException($"activation '{text}': '{parts[1]}' is not a finite number");
            }

            parameter = p;
        }

        Activation result = name switch
        {
            "identity" or "none" or "linear" => Identity,
            "relu" => Relu,
            "leaky_relu" or "leakyrelu" => LeakyRelu(parameter ?? DefaultNegativeSlope),
            "tanh" => Tanh,
            "sigmoid" => Sigmoid,
            "gelu" => Gelu,
            "softplus" => Softplus,
            "elu" => Elu(parameter ?? 1.0),
            _ => throw new FormatException(
                $"unknown activation '{text}'; valid: {string.Join(", ", Names)}"),
        };

        if (parameter is not null && result.Kind is not (ActivationKind.LeakyRelu or ActivationKind.Elu))
        {
            throw new FormatException($"activation '{text}': {name} takes no parameter");
        }

        return result;
    }

    /// <summary>The name as <see cref="Parse"/> reads it back (with the parameter where it is not the default).</summary>
    public string Name => Kind switch
    {
        ActivationKind.Identity => "identity",
        ActivationKind.Relu => "relu",
        ActivationKind.LeakyRelu => Parameter == DefaultNegativeSlope ? "leaky_relu" : $"leaky_relu:{Format(Parameter)}",
        ActivationKind.Tanh => "tanh",
        ActivationKind.Sigmoid => "sigmoid",
        ActivationKind.Gelu => "gelu",
        ActivationKind.Softplus => "softplus",
        ActivationKind.Elu => Parameter == 1.0 ? "elu" : $"elu:{Format(Parameter)}",
        _ => throw new InvalidOperationException($"unknown activation kind {Kind}"),
    };

    /// <summary>How PyTorch prints the module, e.g. <c>ReLU()</c> or <c>LeakyReLU(negative_slope=0.01)</c>.</summary>
    public string TorchRepr => Kind switch
    {
        ActivationKind.Identity => "Identity()",
        ActivationKind.Relu => "ReLU()",
        ActivationKind.LeakyRelu => $"LeakyReLU(negative_slope={PythonFloat(Parameter)})",
        ActivationKind.Tanh => "Tanh()",
        ActivationKind.Sigmoid => "Sigmoid()",
        ActivationKind.Gelu => "GELU(approximate='none')",
        ActivationKind.Softplus => "Softplus(beta=1.0, threshold=20.0)",
        ActivationKind.Elu => $"ELU(alpha={PythonFloat(Parameter)})",
        _ => throw new InvalidOperationException($"unknown activation kind {Kind}"),
    };

    /// <summary>Returns f(z).</summary>
    [Pure]
    public double Apply(double z) => Kind switch
    {
        ActivationKind.Identity => z,
        ActivationKind.Relu => z > 0.0 ? z : 0.0,
        ActivationKind.LeakyRelu => z > 0.0 ? z : Parameter * z,
        ActivationKind.Tanh => Math.Tanh(z),
        ActivationKind.Sigmoid => SigmoidOf(z),
        ActivationKind.Gelu => 0.5 * z * (1.0 + SpecialFunctions.Erf(z / Math.Sqrt(2.0))),
        ActivationKind.Softplus => z > SoftplusThreshold ? z : LogOnePlus(Math.Exp(z)),
        ActivationKind.Elu => z > 0.0 ? z : Parameter * (Math.Exp(z) - 1.0),
        _ => throw new InvalidOperationException($"unknown activation kind {Kind}"),
    };

    /// <summary>
    /// Returns f'(z), given the pre-activation <paramref name="z"/> and the value <paramref name="a"/> = f(z)
    /// (several derivatives are cheapest in terms of the value). ELU's is alpha·e^z for z ≤ 0, as PyTorch's
    /// backward computes it: a + alpha would inherit the rounding of e^z − 1, losing e^z's digits as z falls
    /// (all of them below z ≈ −37).
    /// </summary>
    [Pure]
    public double Derivative(double z, double a) => Kind switch
    {
        ActivationKind.Identity => 1.0,
        ActivationKind.Relu => z > 0.0 ? 1.0 : 0.0,
        ActivationKind.LeakyRelu => z > 0.0 ? 1.0 : Parameter,
        ActivationKind.Tanh => 1.0 - a * a,
        ActivationKind.Sigmoid => a * (1.0 - a),
        ActivationKind.Gelu => 0.5 * (1.0 + SpecialFunctions.Erf(z / Math.Sqrt(2.0)))
                               + z * Math.Exp(-0.5 * z * z) / Math.Sqrt(2.0 * Math.PI),
        ActivationKind.Softplus => z > SoftplusThreshold ? 1.0 : SigmoidOf(z),
        ActivationKind.Elu => z > 0.0 ? 1.0 : Parameter * Math.Exp(z),
        _ => throw new InvalidOperationException($"unknown activation kind {Kind}"),
    };

    /// <inheritdoc />
    public override string ToString() => Name;

    private static double SigmoidOf(double z) =>
        z >= 0.0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z));

    // log(1 + x) without losing x when it is below half an ulp of 1 (PyTorch's softplus uses log1p): with
    // u = 1 + x rounded, log(u)·x/(u − 1) corrects for the rounding of u (Goldberg 1991, theorem 4).
    private static double LogOnePlus(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    // Stryker disable once String : "R" and the default format both give the shortest round-tripping digits
    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // Python prints floats with at least one decimal (1.0, 0.01, 0.2) and a lower-case exponent (1e-05, 1e+16).
    private static string PythonFloat(double value)
    {
        string s = Format(value);
        return s.Contains('E', StringComparison.Ordinal) ? s.Replace('E', 'e') : s.Contains('.', StringComparison.Ordinal) ? s : s + ".0";
    }
}
