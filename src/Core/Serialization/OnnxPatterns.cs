using System.Collections.Immutable;

namespace Functional.Core.Serialization;

/// <summary>
/// The multi-node activations import recognises, as templates of consecutive nodes. An input is <c>x</c> (the
/// activation's input), <c>$k</c> (the output of the template's k-th node), <c>=v</c> (a scalar constant equal
/// to v in double or in float) or <c>?name</c> (any finite scalar constant, captured). Add, Mul and Equal match
/// their inputs in either order. The templates are what <see cref="OnnxExport"/> writes (GELU with
/// <c>Erf</c> in float32, with <see cref="OnnxErf"/>'s composed erf in float64), and GELU also as PyTorch
/// exports it (the same nodes as ours in float32).
/// </summary>
internal static class OnnxPatterns
{
    /// <summary>One node of a template.</summary>
    internal sealed record Step(string Op, params string[] Inputs);

    /// <summary>A template: the activation's name (as <c>Activation.Parse</c> reads it, without parameter) and its steps.</summary>
    internal sealed record Template(string Activation, ImmutableArray<Step> Steps);

    /// <summary>The templates, tried in this order.</summary>
    public static ImmutableArray<Template> All { get; } =
    [
        new("gelu", [new("Div", "x", "=1.4142135623730951"), new("Erf", "$0"), new("Add", "$1", "=1"), new("Mul", "x", "$2"), new("Mul", "$3", "=0.5")]),
        new("gelu", OnnxErf.GeluSteps),
        new("leaky_relu", [new("Greater", "x", "=0"), new("Mul", "x", "?slope"), new("Where", "$0", "x", "$1")]),
        new("elu", [new("Greater", "x", "=0"), new("Exp", "x"), new("Sub", "$1", "=1"), new("Mul", "$2", "?alpha"), new("Where", "$0", "x", "$3")]),
        new("softplus",
        [
            new("Exp", "x"), new("Add", "$0", "=1"), new("Log", "$1"), new("Mul", "$2", "$0"), new("Sub", "$1", "=1"),
            new("Div", "$3", "$4"), new("Equal", "$1", "=1"), new("Where", "$6", "$0", "$5"), new("Greater", "x", "=20"),
            new("Where", "$8", "x", "$7"),
        ]),
    ];

    /// <summary>
    /// Tries <paramref name="template"/> on the nodes from <paramref name="start"/>, with <paramref name="x"/> as
    /// the input. Returns the captured constant (or null) and the last node's output, or false.
    /// </summary>
    public static bool TryMatch(
        Template template, IReadOnlyList<OnnxNode> nodes, int start, string x, Func<string, double?> scalar,
        out double? captured, out string output)
    {
        captured = null;
        output = "";
        if (start + template.Steps.Length > nodes.Count)
        {
            return false;
        }

        var outputs = new string[template.Steps.Length];
        for (int k = 0; k < template.Steps.Length; k++)
        {
            var step = template.Steps[k];
            var node = nodes[start + k];
            if (node.OpType != step.Op || node.Inputs.Length != step.Inputs.Length || node.Outputs.Length != 1)
            {
                return false;
            }

            bool commutative = step.Op is "Add" or "Mul" or "Equal";
            double? value = null;
            bool ok = Inputs(step.Inputs, node.Inputs, x, outputs, scalar, ref value) ||
                      (commutative && Inputs([step.Inputs[1], step.Inputs[0]], node.Inputs, x, outputs, scalar, ref value));
            if (!ok)
            {
                return false;
            }

            captured ??= value;
            outputs[k] = node.Outputs[0];
        }

        output = outputs[^1];
        return true;
    }

    private static bool Inputs(string[] expected, ImmutableArray<string> actual, string x, string[] outputs, Func<string, double?> scalar, ref double? captured)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            string e = expected[i], a = actual[i];
            switch (e[0])
            {
                case 'x' when a != x:
                    return false;
                case '$' when a != outputs[int.Parse(e.AsSpan(1), provider: System.Globalization.CultureInfo.InvariantCulture)]:
                    return false;
                case '=':
                    double want = double.Parse(e.AsSpan(1), provider: System.Globalization.CultureInfo.InvariantCulture);
                    if (scalar(a) is not double got || (got != want && got != (float)want))
                    {
                        return false;
                    }

                    break;
                case '?':
                    if (scalar(a) is not double any)
                    {
                        return false;
                    }

                    captured = any;
                    break;
            }
        }

        return true;
    }
}
