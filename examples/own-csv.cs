#:project ../src/Core/Functional.Core.csproj
// Train on your own CSV file (input columns, then the target column):   dotnet run examples/own-csv.cs -- data.csv
// Without an argument it writes a small example file, y = 2x + 1 plus a little noise, and trains on that.
using System.Globalization;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Random;
using Functional.Core.Training;

string path = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "functional-example.csv");
if (args.Length == 0)
{
    var (noise, _) = RandomState.Seed(7).Normal(0.0, 0.1, 50);
    File.WriteAllLines(path, ["x,y", .. Enumerable.Range(0, 50).Select(i =>
        string.Create(CultureInfo.InvariantCulture, $"{i / 10.0},{2 * (i / 10.0) + 1 + noise[i]}"))]);
}

var data = DatasetCsv.ReadFile(path).Data;                 // one clear error naming file, line and column if it is not numbers
var config = new TrainingConfig(
    Layout: [data.InputCount, 16, data.OutputCount],
    Activations: Mlp.UniformActivations(2, Activation.Tanh),
    Initializer: Initializer.TorchDefault,
    Loss: new MseLoss(),
    Optimizer: Optimizer.Adam(learningRate: 0.01),
    Batches: new BatchOptions(BatchSize: 16),
    Epochs: 500,
    Seed: 0,
    ValidationFraction: 0.2,
    Random: RandomSource.Torch);
var result = Trainer.Train(config, data);
var last = result.Trace.Epochs[^1];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{data.Count} samples from {Path.GetFileName(path)}: after {last.Epoch} epochs, training loss {last.Loss:G4}, validation loss {last.ValidationLoss:G4}"));
