using Functional.Core;
using Functional.Core.Model;
using Functional.Core.Serialization;

namespace Functional.Cli;

/// <summary>
/// Loads the networks the CLI is given: an ONNX file (by its <c>.onnx</c> extension) or a model or checkpoint
/// file (JSON). Every failure becomes one <see cref="UsageException"/> line naming the option.
/// </summary>
internal static class ModelFiles
{
    /// <summary>Loads <paramref name="path"/> as ONNX when it ends in <c>.onnx</c>, else as a model or checkpoint file.</summary>
    public static Mlp Load(string path, string option) =>
        OnnxFile.HasOnnxExtension(path) ? LoadOnnx(path, option) : Guard(() => ModelFile.LoadModelOrCheckpoint(path), option);

    /// <summary>Loads <paramref name="path"/> as an ONNX file whatever its extension.</summary>
    public static Mlp LoadOnnx(string path, string option) => Guard(() => OnnxFile.Load(path), option);

    private static Mlp Guard(Func<Mlp> load, string option)
    {
        try
        {
            return load();
        }
        catch (ModelFormatException e)
        {
            throw new UsageException($"{option}{(option.EndsWith(':') ? "" : " ")}{e.Message}");
        }
    }
}
