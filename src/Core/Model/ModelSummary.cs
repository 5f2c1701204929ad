using System.Diagnostics.Contracts;
using System.Globalization;
using System.Text;

namespace Functional.Core.Model;

/// <summary>Renders a network as PyTorch prints the tutorial's <c>MLP</c> module, plus its parameter list.</summary>
public static class ModelSummary
{
    /// <summary>
    /// Returns the module names in order, as the tutorial names them: <c>input</c>, <c>hidden_0</c>, ...,
    /// <c>output</c> for the layers, <c>activation_input</c>, <c>activation_0</c>, ... for the activations,
    /// and <c>activation_output</c> for an output activation. A single-layer net has only <c>output</c>.
    /// </summary>
    [Pure]
    public static string LayerName(int layer, int layerCount) =>
        layer == layerCount - 1 ? "output" : layer == 0 ? "input" : $"hidden_{layer - 1}";

    /// <summary>
    /// Returns PyTorch's repr of the module; for [1, 10, 10, 10, 1] with ReLU it is exactly the
    /// tutorial's printout. Lines end with '\n'; there is no trailing newline.
    /// </summary>
    [Pure]
    public static string TorchRepr(Mlp model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sb = new StringBuilder();
        sb.Append("MLP(\n  (sequence): Sequential(\n");
        int n = model.Layers.Length;
        for (int i = 0; i < n; i++)
        {
            var layer = model.Layers[i];
            string name = LayerName(i, n);
            sb.Append(CultureInfo.InvariantCulture, $"    ({name}): Linear(in_features={layer.InFeatures}, out_features={layer.OutFeatures}, bias=True)\n");
            var activation = model.Activations[i];
            if (i < n - 1)
            {
                string activationName = i == 0 ? "activation_input" : $"activation_{i - 1}";
                sb.Append(CultureInfo.InvariantCulture, $"    ({activationName}): {activation.TorchRepr}\n");
            }
            else if (activation.Kind != ActivationKind.Identity)
            {
                sb.Append(CultureInfo.InvariantCulture, $"    (activation_output): {activation.TorchRepr}\n");
            }
        }

        sb.Append("  )\n)");
        return sb.ToString();
    }

    /// <summary>
    /// Returns the parameters in module order (as <c>list(model.parameters())</c>) with their shapes,
    /// one per line, and a last line with the total count (251 for the tutorial's net).
    /// </summary>
    [Pure]
    public static string ParameterTable(Mlp model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rows = new List<(string Name, string Shape, int Count)>();
        int n = model.Layers.Length;
        for (int i = 0; i < n; i++)
        {
            var layer = model.Layers[i];
            string name = "sequence." + LayerName(i, n);
            rows.Add(($"{name}.weight", $"({layer.OutFeatures}, {layer.InFeatures})", layer.OutFeatures * layer.InFeatures));
            rows.Add(($"{name}.bias", $"({layer.OutFeatures},)", layer.OutFeatures));
        }

        int nameWidth = rows.Max(r => r.Name.Length);
        int shapeWidth = rows.Max(r => r.Shape.Length);
        var sb = new StringBuilder();
        sb.Append("Parameters (module order):\n");
        foreach (var (name, shape, count) in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {name.PadRight(nameWidth)}  {shape.PadRight(shapeWidth)}  {count,6}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"Total parameters: {model.ParameterCount}");
        return sb.ToString();
    }

    /// <summary>Returns <see cref="TorchRepr"/>, a blank line, then <see cref="ParameterTable"/>.</summary>
    [Pure]
    public static string Render(Mlp model) => TorchRepr(model) + "\n\n" + ParameterTable(model);
}
