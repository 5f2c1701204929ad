using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Functional.Core;
using Functional.Core.Data;
using Functional.Core.Model;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Cli.Commands;

/// <summary>
/// <c>mlp predict --model FILE (--x 0.5,1.2 | --data FILE.csv) [--out FILE.csv]</c>: runs a saved net (a model
/// file, a checkpoint or an ONNX file) on the given inputs and prints CSV: the input columns, then the prediction(s), every
/// value in round-trip precision.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(CommandContext context)
    {
        var model = new Option<string>("--model") { Description = "A model file, a checkpoint file (its model is used) or an ONNX file (FILE.onnx).", Required = true };
        var x = new Option<string?>("--x") { Description = "One sample's inputs, comma-separated (as many as the model's inputs); several samples separated by ';'." };
        var data = new Option<string?>("--data") { Description = "A CSV file whose first columns are the inputs (a header is optional; further columns are ignored)." };
        var output = new Option<string?>("--out") { Description = "Write the CSV to this file (atomically) instead of printing it." };
        var command = new Command("predict", "Print a saved model's predictions for --x or for a CSV file's rows.") { model, x, data, output };
        command.SetAction(parse =>
        {
            var target = TextOutput.Check(parse.GetValue(output), "--out");
            AtomicFile.RequireDistinct([target], [("--model", parse.GetValue(model)), ("--data", parse.GetValue(data))]);
            var net = ModelFiles.Load(parse.GetValue(model)!, "--model");
            var (inputs, names) = (parse.GetValue(x), parse.GetValue(data)) switch
            {
                ({ } text, null) => (ParseSamples(text, net), DatasetCsv.DefaultNames("x", net.InputSize)),
                (null, { } file) => ReadSamples(file, net),
                (null, null) => throw new UsageException("predict needs the inputs: give --x 0.5,1.2 or --data FILE.csv"),
                _ => throw new UsageException("give either --x or --data, not both"),
            };

            string csv;
            try
            {
                csv = DatasetCsv.Format(new Dataset(inputs, net.Predict(inputs)), names, DatasetCsv.DefaultNames("prediction", net.OutputSize));
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"cannot write the predictions: {e.Message}");
            }

            TextOutput.Write(context, target, csv);

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Parses <c>--x</c>: samples separated by ';', each with the model's number of comma-separated inputs.</summary>
    private static Matrix<double> ParseSamples(string text, Mlp net)
    {
        string[] samples = text.Split(';', StringSplitOptions.TrimEntries);
        var values = new double[samples.Length, net.InputSize];
        for (int i = 0; i < samples.Length; i++)
        {
            string[] fields = samples[i].Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length != net.InputSize)
            {
                string which = samples.Length == 1 ? "" : $" sample {i + 1} ('{samples[i]}')";
                throw new UsageException($"--x '{text}':{which} has {fields.Length} value(s) but the model takes {Inputs(net)}");
            }

            for (int j = 0; j < fields.Length; j++)
            {
                if (!double.TryParse(fields[j], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                {
                    throw new UsageException($"--x '{text}': '{fields[j]}' is not a finite number");
                }

                values[i, j] = value;
            }
        }

        return Matrix<double>.Build.DenseOfArray(values);
    }

    /// <summary>Reads the first <c>InputSize</c> columns of a CSV file as inputs; returns them with their names.</summary>
    private static (Matrix<double> Inputs, ImmutableArray<string> Names) ReadSamples(string file, Mlp net)
    {
        var inputs = ImmutableArray.CreateRange(Enumerable.Range(0, net.InputSize).Select(CsvColumn.ByIndex));
        CsvDataset csv;
        try
        {
            // The reader wants a target column; the first input stands in and is ignored.
            csv = DatasetCsv.ReadFile(file, new CsvColumns(inputs, [CsvColumn.ByIndex(0)]));
        }
        catch (DataFormatException e)
        {
            throw new UsageException($"--data {e.Message} (the model takes {Inputs(net)})");
        }

        return (csv.Data.X.ToMatrix(), csv.HasHeader ? csv.InputNames : DatasetCsv.DefaultNames("x", net.InputSize));
    }

    private static string Inputs(Mlp net) =>
        $"{net.InputSize} input{(net.InputSize == 1 ? "" : "s")} (layout {string.Join(",", net.Layout)})";
}
