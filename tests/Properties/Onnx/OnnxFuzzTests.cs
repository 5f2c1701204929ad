using Functional.Cli;
using Functional.Core;
using Functional.Core.Model;
using Functional.Core.Serialization;
using Functional.Properties.Tests.Parity;
using Functional.Properties.Tests.TestSupport;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Functional.Properties.Tests.Onnx;

/// <summary>
/// The ONNX reader on hostile bytes: truncated, oversized, wrong-opset and mutated files give a network or a
/// one-line <see cref="ModelFormatException"/>, never another exception, with bounded allocation (no timing:
/// work that grows with a hostile claim shows in the bytes allocated).
/// </summary>
public sealed class OnnxFuzzTests
{
    // Each case may allocate at most this much (the inputs are a few kB; the decoder allocates in proportion).
    private const long MaxAllocatedPerCase = 16L * 1024 * 1024;

    private static readonly Lazy<byte[][]> Valid = new(() =>
    [
        OnnxFile.ToBytes(With(Generators.Fixed(Generators.AnyNetwork, 11), Activation.Softplus)),
        OnnxFile.ToBytes(With(Generators.Fixed(Generators.AnyNetwork, 12), Activation.Elu(0.5)), OnnxElementType.Float32),
        OnnxFile.ToBytes(With(Generators.Fixed(Generators.AnyNetwork, 13), Activation.LeakyRelu(0.2))),
        OnnxFile.ToBytes(With(Generators.Fixed(Generators.AnyNetwork, 14), Activation.Gelu), OnnxElementType.Float32),
        OnnxFile.ToBytes(new Mlp([Linear.Zeros(2, 3), Linear.Zeros(3, 1)], [Activation.Gelu, Activation.Identity])),
        File.ReadAllBytes(ParityFixtures.PathOf("onnx/activations_float32.onnx")),
        File.ReadAllBytes(ParityFixtures.PathOf("onnx/matmul_add.onnx")),
        File.ReadAllBytes(ParityFixtures.PathOf("onnx/gemm_no_transb.onnx")),
    ]);

    [Property(MaxTest = 10_000)] // every reader is fuzzed with 10,000 cases
    public Property Hostile_bytes_give_a_model_or_the_library_exception() => Prop.ForAll(Hostile().ToArbitrary(), bytes =>
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var model = OnnxFile.FromBytes(bytes, "fuzz.onnx");
            Assert.True(model.ParameterCount > 0);
        }
        catch (ModelFormatException e)
        {
            Assert.StartsWith("fuzz.onnx: ", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < MaxAllocatedPerCase, $"a {bytes.Length}-byte input allocated {allocated} bytes");
    });

    [Property(MaxTest = 300)]
    public Property Mlp_predict_on_hostile_onnx_files_exits_0_or_2() => Prop.ForAll(Hostile().ToArbitrary(), bytes =>
    {
        string path = Path.Combine(Path.GetTempPath(), $"functional-fuzz-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, bytes);
        try
        {
            var (stdout, stderr) = (new StringWriter(), new StringWriter());
            int code = CliApp.Run(["predict", "--model", path, "--x", "0.5"], stdout, stderr);
            Assert.True(code is 0 or 2, $"exit {code}: {stderr}");
            if (code == 2)
            {
                Assert.Single(stderr.ToString().TrimEnd('\n').Split('\n'));
            }
        }
        finally
        {
            File.Delete(path);
        }
    });

    [Fact]
    public void Every_truncation_fails_with_the_library_exception()
    {
        foreach (byte[] valid in Valid.Value)
        {
            for (int length = 0; length < valid.Length; length++)
            {
                Assert.Throws<ModelFormatException>(() => OnnxFile.FromBytes(valid.AsMemory(0, length), "cut.onnx"));
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(24)]
    [InlineData(1000)]
    [InlineData(-1)]
    public void Opsets_outside_the_read_range_are_refused(long opset)
    {
        var e = Assert.Throws<ModelFormatException>(() => OnnxFile.FromBytes(WithOpset(Valid.Value[0], opset), "net.onnx"));
        Assert.Equal($"net.onnx: opset {opset} is not supported (this reader reads opsets 7 to 23)", e.Message);
    }

    [Fact]
    public void An_operator_name_with_a_line_break_is_shown_escaped_on_one_line()
    {
        // "MatMul" (op type and node names) becomes "Ma\nMul", the same length, so the file stays well formed;
        // the unknown operator is refused by name, and the name must not break the one-line message.
        byte[] bytes = File.ReadAllBytes(ParityFixtures.PathOf("onnx/matmul_add.onnx"));
        byte[] from = "MatMul"u8.ToArray(), to = "Ma\nMul"u8.ToArray();
        int replaced = 0;
        for (int i = 0; i + from.Length <= bytes.Length; i++)
        {
            if (bytes.AsSpan(i, from.Length).SequenceEqual(from))
            {
                to.CopyTo(bytes, i);
                replaced++;
            }
        }

        Assert.True(replaced > 0);
        var e = Assert.Throws<ModelFormatException>(() => OnnxFile.FromBytes(bytes, "fuzz.onnx"));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("(Ma\\u000aMul)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opsets_inside_the_read_range_are_read()
    {
        var expected = OnnxFile.FromBytes(Valid.Value[0]);
        foreach (long opset in new long[] { 7, 13, 23 })
        {
            Assert.Equal(expected.ToFlatArray(), OnnxFile.FromBytes(WithOpset(Valid.Value[0], opset)).ToFlatArray());
        }
    }

    [Fact]
    public void Huge_claims_are_refused_without_allocating_them()
    {
        // A tensor claiming 10^12 values with 8 bytes of data, a length prefix of 2^62 and a file over the cap.
        var tensor = new OnnxWireWriter();
        tensor.Varint(1, 1_000_000);
        tensor.Varint(1, 1_000_000);
        tensor.Varint(2, 11);
        tensor.Bytes(9, new byte[8]);
        var model = new OnnxWireWriter();
        model.Varint(1, 8);
        model.Message(7, g => g.Message(5, t => t.Bytes(9, [])));
        var claim = new OnnxWireWriter();
        claim.Varint(1, 8);
        claim.Message(7, g => g.Bytes(5, tensor.WrittenSpan));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ModelFormatException>(() => OnnxFile.FromBytes(claim.ToArray(), "big.onnx"));
        Assert.Contains("more values than this reader accepts", e.Message, StringComparison.Ordinal);
        byte[] hugeLength = [0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0x00];
        e = Assert.Throws<ModelFormatException>(() => OnnxFile.FromBytes(hugeLength, "length.onnx"));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024);
        e = Assert.Throws<ModelFormatException>(() => OnnxFile.FromBytes(new byte[OnnxFile.MaxFileBytes + 1], "huge.onnx"));
        Assert.Contains("more than the 134217728 this reader accepts", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_nodes_are_refused()
    {
        var model = new OnnxWireWriter();
        model.Message(7, g =>
        {
            for (int i = 0; i <= OnnxDecoder.MaxNodes; i++)
            {
                g.Message(1, n => n.String(4, "Relu"));
            }
        });
        var e = Assert.Throws<ModelFormatException>(() => OnnxFile.FromBytes(model.ToArray(), "nodes.onnx"));
        Assert.Equal("nodes.onnx: not a valid ONNX file: graph: more than 10000 nodes", e.Message);
    }

    private static Mlp With(Mlp model, Activation hidden) =>
        model with { Activations = Mlp.UniformActivations(model.Layers.Length, hidden, Activation.Sigmoid) };

    // Our exports end with the opset import: field 8 { field 1 "", field 2 <varint 17> }.
    private static byte[] WithOpset(byte[] exported, long opset)
    {
        var opsetImport = new OnnxWireWriter();
        opsetImport.Message(8, o =>
        {
            o.String(1, "");
            o.Varint(2, opset);
        });
        int cut = exported.Length - 6;
        Assert.Equal([0x42, 0x04, 0x0A, 0x00, 0x10, 0x11], exported[cut..]);
        return [.. exported[..cut], .. opsetImport.WrittenSpan];
    }

    private static Gen<byte[]> Hostile()
    {
        var valid = Gen.Elements(Valid.Value);
        var random = Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf();
        var truncated = from v in valid from n in Gen.Choose(0, 100_000) select v[..(n % v.Length)];
        var opset = from v in valid from o in Gen.Elements(0L, 1L, 6L, 7L, 17L, 23L, 24L, 1L << 40, -5L) select WithOpset(OnnxFile.ToBytes(OnnxFile.FromBytes(v)), o);
        byte[][] junk = [[0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], [0x80], [0x0B], [0x0C], [0x3A, 0x7F], [0x00], [0x08, 0x96, 0x01], [0x1A, 0xFF, 0xFF, 0x03]];
        var edit =
            from kind in Gen.Choose(0, 3)
            from at in Gen.Choose(0, 100_000)
            from span in Gen.Choose(1, 16)
            from value in Gen.Choose(0, 255)
            from j in Gen.Elements(junk)
            select (Func<byte[], byte[]>)(b =>
            {
                int i = b.Length == 0 ? 0 : at % b.Length;
                return kind switch
                {
                    0 => [.. b[..i], (byte)value, .. b[Math.Min(b.Length, i + 1)..]],
                    1 => [.. b[..i], .. b[Math.Min(b.Length, i + span)..]],
                    2 => [.. b[..i], .. j, .. b[i..]],
                    _ => [.. b[..i], .. b[i..Math.Min(b.Length, i + span)], .. b[i..]],
                };
            });
        var mutated =
            from v in valid
            from edits in edit.ArrayOf().Where(e => e.Length is >= 1 and <= 4)
            select edits.Aggregate(v, (b, f) => f(b));
        return Gen.Frequency((1, random), (1, truncated), (1, opset), (4, mutated), (3, RandomGraphs()));
    }

    // Well-formed protobuf with random graphs: operators an MLP uses and some it does not, wired at random
    // between the input, earlier outputs and initializers of random shapes, so the importer's checks are
    // reached (the byte mutations mostly stop in the decoder).
    private static Gen<byte[]> RandomGraphs()
    {
        string[] ops = ["Gemm", "MatMul", "Add", "Relu", "LeakyRelu", "Elu", "Tanh", "Sigmoid", "Softplus", "Gelu", "Where", "Greater", "Mul", "Div", "Erf", "Exp", "Sub", "Log", "Equal", "Constant", "Softmax", "Identity"];
        string[] names = ["x", "n0", "n1", "n2", "n3", "n4", "w0", "w1", "w2", "c0", ""];
        var node =
            from op in Gen.Elements(ops)
            from inputs in Gen.Elements(names).ArrayOf().Where(a => a.Length <= 3)
            from output in Gen.Elements(names)
            from attribute in Gen.Choose(0, 4)
            from number in Gen.Choose(-2, 3)
            select (Action<OnnxWireWriter>)(n =>
            {
                foreach (string input in inputs)
                {
                    n.String(1, input);
                }

                n.String(2, output);
                n.String(4, op);
                n.Message(5, a =>
                {
                    a.String(1, attribute switch { 0 => "alpha", 1 => "transB", 2 => "value", 3 => "beta", _ => "approximate" });
                    a.Varint(20, attribute switch { 0 or 3 => 1, 1 => 2, 2 => 4, _ => 3 });
                    if (attribute is 0 or 3)
                    {
                        a.Float(2, number == -2 ? float.NaN : number);
                    }
                    else if (attribute == 1)
                    {
                        a.Varint(3, number);
                    }
                    else if (attribute == 2)
                    {
                        a.Message(5, t => Tensor(t, "", [], number));
                    }
                    else
                    {
                        a.String(4, number > 0 ? "none" : "tanh");
                    }
                });
            });
        var initializer =
            from name in Gen.Elements("w0", "w1", "w2", "c0", "x")
            from dims in Gen.Choose(0, 4).ArrayOf().Where(d => d.Length <= 3)
            from fill in Gen.Choose(-1, 2)
            select (Action<OnnxWireWriter>)(t => Tensor(t, name, dims, fill));
        return
            from nodes in node.ArrayOf().Where(a => a.Length <= 12)
            from initializers in initializer.ArrayOf().Where(a => a.Length <= 6)
            from width in Gen.Choose(0, 4)
            from elem in Gen.Elements(1, 11, 7)
            from output in Gen.Elements(names)
            from version in Gen.Elements(13L, 17L, 20L)
            select Model(nodes, initializers, width, elem, output, version);
    }

    private static void Tensor(OnnxWireWriter t, string name, int[] dims, int fill)
    {
        foreach (int d in dims)
        {
            t.Varint(1, d);
        }

        t.Varint(2, fill == 2 ? 7 : 11);
        t.String(8, name);
        int count = dims.Aggregate(1, (a, d) => a * d) + (fill < 0 ? 1 : 0);
        t.Bytes(9, new byte[count * 8]);
    }

    private static byte[] Model(Action<OnnxWireWriter>[] nodes, Action<OnnxWireWriter>[] initializers, int width, int elem, string output, long version)
    {
        var model = new OnnxWireWriter();
        model.Varint(1, 8);
        model.Message(7, g =>
        {
            foreach (var n in nodes)
            {
                g.Message(1, n);
            }

            foreach (var i in initializers)
            {
                g.Message(5, i);
            }

            g.Message(11, v =>
            {
                v.String(1, "x");
                v.Message(2, type => type.Message(1, tensor =>
                {
                    tensor.Varint(1, elem);
                    tensor.Message(2, shape =>
                    {
                        shape.Message(1, dim => dim.String(2, "batch"));
                        shape.Message(1, dim => dim.Varint(1, width));
                    });
                }));
            });
            g.Message(12, v => v.String(1, output));
        });
        model.Message(8, o => o.Varint(2, version));
        return model.ToArray();
    }
}
