using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using Functional.Core.Model;

namespace Functional.Core.Serialization;

/// <summary>
/// Writes an <see cref="Mlp"/> as an ONNX model (opset <see cref="OnnxFile.Opset"/>, IR version
/// <see cref="OnnxFile.IrVersion"/>): one <c>Gemm</c> (transB = 1, W stored as (out, in) like
/// <c>nn.Linear</c>) per layer, then its activation as standard operators. Where ONNX Runtime has no
/// float64 kernel for an activation operator, or the operator rounds differently from ours, the activation
/// is composed from elementary ones that compute exactly what <see cref="Activation.Apply"/> computes:
/// <list type="bullet">
/// <item>relu, tanh, sigmoid: <c>Relu</c>, <c>Tanh</c>, <c>Sigmoid</c>;</item>
/// <item>leaky_relu: <c>Where(Greater(z, 0), z, Mul(z, slope))</c>;</item>
/// <item>elu: <c>Where(Greater(z, 0), z, Mul(Sub(Exp(z), 1), alpha))</c>;</item>
/// <item>gelu: <c>Mul(Mul(z, Add(Erf(Div(z, √2)), 1)), 0.5)</c>, as PyTorch exports it, in float32; in float64
/// the same with erf composed (<see cref="OnnxErf"/>), since ONNX Runtime has no float64 <c>Erf</c>;</item>
/// <item>softplus: <c>Where(Greater(z, 20), z, log1p(Exp(z)))</c> with log1p(e) written as
/// <c>Where(Equal(u, 1), e, Div(Mul(Log(u), e), Sub(u, 1)))</c>, u = 1 + e (ONNX has no log1p).</item>
/// </list>
/// Initializers are named <c>layers.{i}.weight</c>, <c>layers.{i}.bias</c> and <c>layers.{i}.{constant}</c>.
/// </summary>
internal static class OnnxExport
{
    public static byte[] Write(Mlp model, OnnxElementType type)
    {
        int elem = type == OnnxElementType.Float32 ? OnnxText.Float : OnnxText.Double;
        var graph = new Builder(elem);
        string current = OnnxFile.InputName;
        for (int i = 0; i < model.Layers.Length; i++)
        {
            var layer = model.Layers[i];
            string prefix = string.Create(CultureInfo.InvariantCulture, $"layers.{i}");
            string w = graph.Initializer($"{prefix}.weight", [layer.OutFeatures, layer.InFeatures], RowMajor(layer), $"layer {i} weight");
            string b = graph.Initializer($"{prefix}.bias", [layer.OutFeatures], layer.B.ToArray(), $"layer {i} bias");
            current = graph.Node("Gemm", $"{prefix}.linear", [current, w, b], [("alpha", 1f), ("beta", 1f)], [("transB", 1)]);
            current = Activation(graph, model.Activations[i], current, prefix);
        }

        graph.RenameLast(current, OnnxFile.OutputName);
        var writer = new OnnxWireWriter();
        writer.Varint(1, OnnxFile.IrVersion);
        writer.String(2, OnnxFile.ProducerName);
        writer.String(3, typeof(OnnxExport).Assembly.GetName().Version?.ToString(3) ?? "0");
        writer.Message(7, g => graph.WriteGraph(g, model.InputSize, model.OutputSize));
        writer.Message(8, opset =>
        {
            opset.String(1, "");
            opset.Varint(2, OnnxFile.Opset);
        });
        return writer.ToArray();
    }

    private static string Activation(Builder g, Activation activation, string z, string prefix)
    {
        string p = prefix + ".act";
        switch (activation.Kind)
        {
            case ActivationKind.Identity:
                return z;
            case ActivationKind.Relu:
                return g.Node("Relu", p, [z]);
            case ActivationKind.Tanh:
                return g.Node("Tanh", p, [z]);
            case ActivationKind.Sigmoid:
                return g.Node("Sigmoid", p, [z]);
            case ActivationKind.LeakyRelu:
            {
                string positive = g.Node("Greater", $"{p}.positive", [z, g.Scalar($"{prefix}.zero", 0.0)]);
                string scaled = g.Node("Mul", $"{p}.scaled", [z, g.Scalar($"{prefix}.slope", activation.Parameter)]);
                return g.Node("Where", p, [positive, z, scaled]);
            }

            case ActivationKind.Elu:
            {
                string positive = g.Node("Greater", $"{p}.positive", [z, g.Scalar($"{prefix}.zero", 0.0)]);
                string exp = g.Node("Exp", $"{p}.exp", [z]);
                string expm1 = g.Node("Sub", $"{p}.expm1", [exp, g.Scalar($"{prefix}.one", 1.0)]);
                string scaled = g.Node("Mul", $"{p}.scaled", [expm1, g.Scalar($"{prefix}.alpha", activation.Parameter)]);
                return g.Node("Where", p, [positive, z, scaled]);
            }

            case ActivationKind.Gelu when g.IsDouble:
                return Emit(g, OnnxErf.GeluSteps, z, p);

            case ActivationKind.Gelu:
            {
                string scaled = g.Node("Div", $"{p}.scaled", [z, g.Scalar($"{prefix}.sqrt2", Math.Sqrt(2.0))]);
                string erf = g.Node("Erf", $"{p}.erf", [scaled]);
                string cdf = g.Node("Add", $"{p}.erf_plus_one", [erf, g.Scalar($"{prefix}.one", 1.0)]);
                string product = g.Node("Mul", $"{p}.product", [z, cdf]);
                return g.Node("Mul", p, [product, g.Scalar($"{prefix}.half", 0.5)]);
            }

            case ActivationKind.Softplus:
            {
                string one = g.Scalar($"{prefix}.one", 1.0);
                string exp = g.Node("Exp", $"{p}.exp", [z]);
                string u = g.Node("Add", $"{p}.u", [exp, one]);
                string log = g.Node("Log", $"{p}.log_u", [u]);
                string numerator = g.Node("Mul", $"{p}.numerator", [log, exp]);
                string denominator = g.Node("Sub", $"{p}.u_minus_one", [u, one]);
                string corrected = g.Node("Div", $"{p}.corrected", [numerator, denominator]);
                string exact = g.Node("Equal", $"{p}.u_is_one", [u, one]);
                string log1p = g.Node("Where", $"{p}.log1p", [exact, exp, corrected]);
                string linear = g.Node("Greater", $"{p}.linear", [z, g.Scalar($"{prefix}.threshold", 20.0)]);
                return g.Node("Where", p, [linear, z, log1p]);
            }

            default:
                throw new InvalidOperationException($"unknown activation kind {activation.Kind}");
        }
    }

    // Writes template steps: x is the activation's input, $k the k-th step's output, =v a constant shared by
    // every layer (gelu.c0, gelu.c1, ...); the last step's output is the activation's.
    private static string Emit(Builder g, ImmutableArray<OnnxPatterns.Step> steps, string x, string p)
    {
        var outputs = new string[steps.Length];
        for (int k = 0; k < steps.Length; k++)
        {
            string[] inputs = [.. steps[k].Inputs.Select(i => i[0] switch
            {
                'x' => x,
                '$' => outputs[int.Parse(i.AsSpan(1), CultureInfo.InvariantCulture)],
                _ => g.SharedScalar("gelu", double.Parse(i.AsSpan(1), CultureInfo.InvariantCulture)),
            })];
            outputs[k] = g.Node(steps[k].Op, k + 1 == steps.Length ? p : $"{p}.{k}", inputs);
        }

        return outputs[^1];
    }

    private static double[] RowMajor(Linear layer)
    {
        var values = new double[layer.OutFeatures * layer.InFeatures];
        for (int r = 0; r < layer.OutFeatures; r++)
        {
            for (int c = 0; c < layer.InFeatures; c++)
            {
                values[(r * layer.InFeatures) + c] = layer.W[r, c];
            }
        }

        return values;
    }

    // Collects nodes and initializers in order, then writes them as one GraphProto.
    private sealed class Builder(int elem)
    {
        private readonly List<Action<OnnxWireWriter>> nodes = [];
        private readonly List<Action<OnnxWireWriter>> initializers = [];
        private readonly Dictionary<(string, double), string> shared = [];
        private string lastOutput = "";
        private int lastNode = -1;
        private string renamedFrom = "";
        private string renamedTo = "";

        public string Initializer(string name, long[] dims, double[] values, string what)
        {
            foreach (double v in values)
            {
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"cannot export the model: {what} holds {v.ToString(CultureInfo.InvariantCulture)}", nameof(values));
                }
            }

            int size = elem == OnnxText.Float ? 4 : 8;
            var raw = new byte[values.Length * size];
            for (int k = 0; k < values.Length; k++)
            {
                if (size == 4)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(k * 4), (float)values[k]);
                }
                else
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(k * 8), values[k]);
                }
            }

            initializers.Add(t =>
            {
                foreach (long d in dims)
                {
                    t.Varint(1, d);
                }

                t.Varint(2, elem);
                t.String(8, name);
                t.Bytes(9, raw);
            });
            return name;
        }

        public bool IsDouble => elem == OnnxText.Double;

        public string Scalar(string name, double value) => Initializer(name, [], [value], name);

        // One initializer per (family, value) for the whole graph.
        public string SharedScalar(string family, double value)
        {
            if (!shared.TryGetValue((family, value), out string? name))
            {
                name = Scalar(string.Create(CultureInfo.InvariantCulture, $"{family}.c{shared.Count}"), value);
                shared.Add((family, value), name);
            }

            return name;
        }

        public string Node(string op, string output, string[] inputs, (string Name, float Value)[]? floats = null, (string Name, long Value)[]? ints = null)
        {
            int index = nodes.Count;
            nodes.Add(n =>
            {
                foreach (string input in inputs)
                {
                    n.String(1, input == renamedFrom ? renamedTo : input);
                }

                n.String(2, index == lastNode && output == renamedFrom ? renamedTo : output);
                n.String(3, output);
                n.String(4, op);
                foreach (var (attribute, value) in floats ?? [])
                {
                    n.Message(5, a =>
                    {
                        a.String(1, attribute);
                        a.Float(2, value);
                        a.Varint(20, OnnxText.AttributeFloat);
                    });
                }

                foreach (var (attribute, value) in ints ?? [])
                {
                    n.Message(5, a =>
                    {
                        a.String(1, attribute);
                        a.Varint(3, value);
                        a.Varint(20, OnnxText.AttributeInt);
                    });
                }
            });
            lastOutput = output;
            lastNode = index;
            return output;
        }

        // The last node's output becomes the graph's output name (the last node always exists: one Gemm per layer).
        public void RenameLast(string current, string name)
        {
            if (current != lastOutput)
            {
                throw new InvalidOperationException("the graph's result is not the last node's output");
            }

            renamedFrom = current;
            renamedTo = name;
        }

        public void WriteGraph(OnnxWireWriter g, int inputs, int outputs)
        {
            foreach (var node in nodes)
            {
                g.Message(1, node);
            }

            g.String(2, "mlp");
            foreach (var initializer in initializers)
            {
                g.Message(5, initializer);
            }

            g.Message(11, v => ValueInfo(v, OnnxFile.InputName, inputs));
            g.Message(12, v => ValueInfo(v, OnnxFile.OutputName, outputs));
        }

        private void ValueInfo(OnnxWireWriter v, string name, int width)
        {
            v.String(1, name);
            v.Message(2, type => type.Message(1, tensor =>
            {
                tensor.Varint(1, elem);
                tensor.Message(2, shape =>
                {
                    shape.Message(1, dim => dim.String(2, OnnxFile.BatchDimension));
                    shape.Message(1, dim => dim.Varint(1, width));
                });
            }));
        }
    }
}
