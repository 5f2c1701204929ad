using System.Collections.Immutable;
using System.Globalization;
using Functional.Core.Model;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Serialization;

/// <summary>
/// Turns a decoded ONNX graph into an <see cref="Mlp"/> when it is a chain of layers, each optionally followed
/// by one activation: a layer is <c>Gemm</c> (alpha = beta = 1, transA = 0, transB 0 or 1) or <c>MatMul</c>
/// optionally followed by <c>Add</c> of a bias, with parameters in initializers or <c>Constant</c> nodes; an
/// activation is <c>Relu</c>, <c>LeakyRelu</c>, <c>Tanh</c>, <c>Sigmoid</c>, <c>Softplus</c>, <c>Elu</c>,
/// <c>Gelu</c> (approximate = none), <c>Identity</c>, or one of <see cref="OnnxPatterns.All"/>. The chain must
/// start at the graph's one input and end at its one output. The first node that fits none of this is named
/// in the error.
/// </summary>
internal static class OnnxImport
{
    public static Mlp Read(OnnxModel model, string source)
    {
        var opset = model.Opsets.LastOrDefault(o => o.Domain is "" or "ai.onnx");
        if (opset is null)
        {
            throw Error(source, "the model imports no opset of the default ONNX domain");
        }

        if (opset.Version is < OnnxFile.MinOpset or > OnnxFile.MaxOpset)
        {
            throw Error(source, $"opset {opset.Version} is not supported (this reader reads opsets {OnnxFile.MinOpset} to {OnnxFile.MaxOpset})");
        }

        if (model.IrVersion is < 3 or > 12)
        {
            throw Error(source, $"IR version {model.IrVersion} is not supported (this reader reads 3 to 12)");
        }

        var graph = model.Graph;
        var constants = new Dictionary<string, OnnxTensor>(graph.Initializers, StringComparer.Ordinal);
        var inputs = graph.Inputs.Where(i => !constants.ContainsKey(i.Name)).ToArray();
        if (inputs.Length != 1)
        {
            throw Error(source, $"the graph has {inputs.Length} inputs besides its initializers; an MLP has one");
        }

        if (graph.Outputs.Length != 1)
        {
            throw Error(source, $"the graph has {graph.Outputs.Length} outputs; an MLP has one");
        }

        var input = inputs[0];
        if (input.ElemType is not (OnnxText.Float or OnnxText.Double))
        {
            throw Error(source, $"the input '{OnnxText.Printable(input.Name)}' is {OnnxText.TypeName(input.ElemType)}; an MLP takes FLOAT or DOUBLE");
        }

        if (input.HasShape && input.Dims.Length != 2)
        {
            throw Error(source, $"the input '{OnnxText.Printable(input.Name)}' has {input.Dims.Length} dims; an MLP takes (batch, features)");
        }

        var nodes = new List<OnnxNode>();
        var indices = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { input.Name };
        seen.UnionWith(constants.Keys);
        for (int i = 0; i < graph.Nodes.Length; i++)
        {
            var node = graph.Nodes[i];
            if (node.Outputs.Length != 1 || !seen.Add(node.Outputs[0]))
            {
                string why = node.Outputs.Length != 1 ? $"has {node.Outputs.Length} outputs" : $"writes '{OnnxText.Printable(node.Outputs[0])}' again";
                throw Error(source, $"{node.Describe(i)} is not supported: it {why}");
            }

            if (node.Domain is not ("" or "ai.onnx"))
            {
                throw Error(source, $"{node.Describe(i)} is not supported: operator domain '{OnnxText.Printable(node.Domain)}'");
            }

            if (node.OpType == "Constant")
            {
                constants[node.Outputs[0]] = ConstantValue(node, i, source);
                continue;
            }

            nodes.Add(node);
            indices.Add(i);
        }

        return new Chain(nodes, indices, constants, source).Read(input.Name, input.HasShape ? input.Dims[1] : null, graph.Outputs[0]);
    }

    private static OnnxTensor ConstantValue(OnnxNode node, int index, string source)
    {
        if (node.Attributes.TryGetValue("value", out var value) && value.T is { HasValues: true } tensor)
        {
            return tensor;
        }

        if (node.Attributes.TryGetValue("value_float", out var f) && f.Type == OnnxText.AttributeFloat)
        {
            return new OnnxTensor(node.Outputs[0], [], OnnxText.Float, [f.F], true);
        }

        throw Error(source, $"{node.Describe(index)} is not supported: only float and double constants are");
    }

    internal static ModelFormatException Error(string source, string problem) => new(source, problem);

    // Walks the nodes as layer, optional activation, layer, ... and builds the Mlp.
    private sealed class Chain(List<OnnxNode> nodes, List<int> indices, Dictionary<string, OnnxTensor> constants, string source)
    {
        private int position;

        public Mlp Read(string input, long? width, OnnxValueInfo output)
        {
            var layers = ImmutableArray.CreateBuilder<Linear>();
            var activations = ImmutableArray.CreateBuilder<Activation>();
            string current = input;
            int? features = width is > 0 and <= int.MaxValue ? (int)width : null;
            while (position < nodes.Count)
            {
                if (layers.Count > activations.Count && TryActivation(current, out var activation, out string next))
                {
                    activations.Add(activation);
                    current = next;
                    continue;
                }

                if (layers.Count > activations.Count)
                {
                    activations.Add(Activation.Identity);
                }

                (var layer, current) = Layer(current, features);
                features = layer.OutFeatures;
                layers.Add(layer);
            }

            if (layers.Count == 0)
            {
                throw Error(source, "the graph has no layers (no Gemm or MatMul node)");
            }

            if (layers.Count > activations.Count)
            {
                activations.Add(Activation.Identity);
            }

            if (current != output.Name)
            {
                throw Error(source, $"the graph's output '{OnnxText.Printable(output.Name)}' is not the end of the chain of layers ('{OnnxText.Printable(current)}')");
            }

            if (output.HasShape && (output.Dims.Length != 2 || (output.Dims[1] is long o && o != features)))
            {
                throw Error(source, $"the output '{OnnxText.Printable(output.Name)}' does not have shape (batch, {features})");
            }

            return new Mlp(layers.ToImmutable(), activations.ToImmutable());
        }

        private (Linear Layer, string Output) Layer(string x, int? features)
        {
            var node = nodes[position];
            string at = node.Describe(indices[position]);
            if (node.OpType == "Gemm")
            {
                Expect(node, x, 2, 3);
                if (Float(node, "alpha", 1f) != 1f || Float(node, "beta", 1f) != 1f || Int(node, "transA", 0) != 0)
                {
                    throw Unsupported(at, "only Gemm with alpha = 1, beta = 1 and transA = 0 is a linear layer");
                }

                bool transB = Int(node, "transB", 0) != 0;
                var w = Weight(node.Inputs[1], transB, features, at);
                var b = node.Inputs.Length == 3 && node.Inputs[2].Length > 0 ? Bias(node.Inputs[2], w.RowCount, at) : Vector<double>.Build.Dense(w.RowCount);
                position++;
                return (new Linear(w, b), node.Outputs[0]);
            }

            if (node.OpType == "MatMul")
            {
                Expect(node, x, 2, 2);
                var w = Weight(node.Inputs[1], transposed: false, features, at);
                position++;
                string output = node.Outputs[0];
                var b = Vector<double>.Build.Dense(w.RowCount);
                if (position < nodes.Count && nodes[position] is { OpType: "Add", Inputs.Length: 2 } add &&
                    (add.Inputs[0] == output || add.Inputs[1] == output))
                {
                    string bias = add.Inputs[0] == output ? add.Inputs[1] : add.Inputs[0];
                    if (constants.ContainsKey(bias))
                    {
                        b = Bias(bias, w.RowCount, add.Describe(indices[position]));
                        output = add.Outputs[0];
                        position++;
                    }
                }

                return (new Linear(w, b), output);
            }

            throw Unsupported(at, Layers() == 0 ? "expected a layer (Gemm or MatMul) first" : "expected a layer (Gemm or MatMul) or one activation after a layer");
        }

        private int Layers() => nodes.Take(position).Count(n => n.OpType is "Gemm" or "MatMul");

        private bool TryActivation(string x, out Activation activation, out string output)
        {
            var node = nodes[position];
            activation = Activation.Identity;
            output = node.Outputs[0];
            if (node.Inputs.Length == 1 && node.Inputs[0] == x)
            {
                Activation? single = node.OpType switch
                {
                    "Relu" => Activation.Relu,
                    "Tanh" => Activation.Tanh,
                    "Sigmoid" => Activation.Sigmoid,
                    "Softplus" => Activation.Softplus,
                    "Identity" => Activation.Identity,
                    "LeakyRelu" => Activation.LeakyRelu(Parameter(node, "alpha", 0.01f)),
                    "Elu" => Activation.Elu(Parameter(node, "alpha", 1f)),
                    "Gelu" when String(node, "approximate", "none") == "none" => Activation.Gelu,
                    _ => null,
                };
                if (single is not null)
                {
                    activation = single;
                    position++;
                    return true;
                }
            }

            foreach (var template in OnnxPatterns.All)
            {
                if (OnnxPatterns.TryMatch(template, nodes, position, x, Scalar, out double? parameter, out output))
                {
                    string name = parameter is double p ? $"{template.Activation}:{p.ToString("R", CultureInfo.InvariantCulture)}" : template.Activation;
                    activation = Activation.Parse(name);
                    position += template.Steps.Length;
                    return true;
                }
            }

            return false;
        }

        private double? Scalar(string name) =>
            constants.TryGetValue(name, out var t) && t.HasValues && t.Values.Length == 1 && double.IsFinite(t.Values[0]) ? t.Values[0] : null;

        private Matrix<double> Weight(string name, bool transposed, int? features, string at)
        {
            var t = Tensor(name, at, "weight");
            if (t.Dims.Length != 2 || t.Dims[0] < 1 || t.Dims[1] < 1)
            {
                throw Unsupported(at, $"the weight '{OnnxText.Printable(name)}' has shape ({string.Join(", ", t.Dims)}), expected two dims of at least 1");
            }

            int rows = (int)t.Dims[0], columns = (int)t.Dims[1];
            var values = t.Values;
            // ONNX stores row-major; W is (out, in): with transB the tensor is W, otherwise its transpose.
            var w = transposed
                ? Matrix<double>.Build.Dense(rows, columns, (r, c) => values[(r * columns) + c])
                : Matrix<double>.Build.Dense(columns, rows, (r, c) => values[(c * columns) + r]);
            if (features is int f && w.ColumnCount != f)
            {
                throw Unsupported(at, $"the weight '{OnnxText.Printable(name)}' takes {w.ColumnCount} features but its input has {f}");
            }

            return w;
        }

        private Vector<double> Bias(string name, int outputs, string at)
        {
            var t = Tensor(name, at, "bias");
            bool shaped = t.Dims.Length == 1 || (t.Dims.Length == 2 && t.Dims[0] == 1);
            if (!shaped || t.Values.Length != outputs)
            {
                throw Unsupported(at, $"the bias '{OnnxText.Printable(name)}' has shape ({string.Join(", ", t.Dims)}), expected ({outputs})");
            }

            return Vector<double>.Build.DenseOfEnumerable(t.Values);
        }

        private OnnxTensor Tensor(string name, string at, string what)
        {
            if (!constants.TryGetValue(name, out var t))
            {
                throw Unsupported(at, $"its {what} '{OnnxText.Printable(name)}' is not an initializer or constant");
            }

            if (!t.HasValues)
            {
                throw Unsupported(at, $"its {what} '{OnnxText.Printable(name)}' is {OnnxText.TypeName(t.DataType)}; FLOAT or DOUBLE expected");
            }

            foreach (double v in t.Values)
            {
                if (!double.IsFinite(v))
                {
                    throw Unsupported(at, $"its {what} '{OnnxText.Printable(name)}' holds {v.ToString(CultureInfo.InvariantCulture)}");
                }
            }

            return t;
        }

        private void Expect(OnnxNode node, string x, int min, int max)
        {
            if (node.Inputs.Length < min || node.Inputs.Length > max || node.Inputs[0] != x)
            {
                throw Unsupported(node.Describe(indices[position]), $"a layer must take the previous result '{OnnxText.Printable(x)}' as its first input");
            }
        }

        private ModelFormatException Unsupported(string at, string why) => Error(source, $"{at} is not supported: {why}");

        private double Parameter(OnnxNode node, string name, float fallback)
        {
            float value = Float(node, name, fallback);
            return float.IsFinite(value)
                ? Shortest(value)
                : throw Unsupported(node.Describe(indices[position]), $"its {name} is {value.ToString(CultureInfo.InvariantCulture)}");
        }

        private static float Float(OnnxNode node, string name, float fallback) =>
            node.Attributes.TryGetValue(name, out var a) ? a.F : fallback;

        private static long Int(OnnxNode node, string name, long fallback) =>
            node.Attributes.TryGetValue(name, out var a) ? a.I : fallback;

        private static string String(OnnxNode node, string name, string fallback) =>
            node.Attributes.TryGetValue(name, out var a) ? a.S : fallback;

        // Float attributes hold a double parameter rounded to float (PyTorch writes negative_slope=0.01 as
        // 0.01f); the shortest decimal that reads back as the same float recovers the number that was meant.
        private static double Shortest(float value) =>
            double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
