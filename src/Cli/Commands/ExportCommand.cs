using System.CommandLine;
using System.Globalization;
using Functional.Core.Serialization;

namespace Functional.Cli.Commands;

/// <summary>
/// <c>mlp export --model FILE --onnx OUT.onnx [--float32]</c>: writes a saved net (a model file, a checkpoint or
/// an ONNX file) as an ONNX model, atomically, and prints one line saying what was written.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CommandContext context)
    {
        var model = new Option<string>("--model") { Description = "A model file, a checkpoint file (its model is used) or an ONNX file.", Required = true };
        var onnx = new Option<string>("--onnx") { Description = "The ONNX file to write (atomically).", Required = true };
        var float32 = new Option<bool>("--float32") { Description = "Write float32 (parameters rounded to float) instead of float64." };
        var command = new Command("export", "Write a saved model as an ONNX model (opset 17, input 'input', output 'output', dynamic batch).") { model, onnx, float32 };
        command.SetAction(parse =>
        {
            // The output is checked before anything is read, and may not be the input.
            string path = parse.GetValue(onnx)!;
            var target = AtomicFile.Check("--onnx", path);
            AtomicFile.RequireDistinct([target], [("--model", parse.GetValue(model))]);
            var net = ModelFiles.Load(parse.GetValue(model)!, "--model");
            var type = parse.GetValue(float32) ? OnnxElementType.Float32 : OnnxElementType.Float64;
            byte[] bytes;
            try
            {
                bytes = OnnxFile.ToBytes(net, type);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--model: {e.Message}");
            }

            AtomicFile.Commit(context, target, bytes);
            string name = type == OnnxElementType.Float32 ? "float32" : "float64";
            context.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"wrote {path}: ONNX opset {OnnxFile.Opset}, {name}, layout {string.Join(",", net.Layout)}, input '{OnnxFile.InputName}' (batch, {net.InputSize}), output '{OnnxFile.OutputName}' (batch, {net.OutputSize}), {bytes.Length} bytes"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
