#:project ../src/Core/Functional.Core.csproj
// The tutorial's two runs as a .NET 10 file-based app:   dotnet run examples/tutorial.cs [-- EPOCHS]
// The regression starts from the tutorial's printed parameters and draws its batch orders from PyTorch's
// generator (torch.manual_seed(12)); EPOCHS defaults to the tutorial's 50,000.
using System.Globalization;
using Functional.Core.Data;
using Functional.Core.Sweep;
using Functional.Core.Training;

int epochs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
int logEvery = Math.Max(1, epochs / 20);

var data = TutorialData.Generate();                        // np.random.seed(42): 100 noisy points
var regression = Trainer.Train(TutorialRuns.Regression(epochs), data, new TrainingCallbacks(p =>
{
    if (p.Record.Epoch % logEvery == 0)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loss after epoch {p.Record.Epoch,5}: {p.Record.Loss:G4}"));
    }
}));
Console.WriteLine("Training finished.");
double mse = regression.Model.Predict(data.X).Subtract(data.Y.ToMatrix()).PointwisePower(2).RowSums().Sum() / data.Count;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Final MSE on the data: {mse:G4}"));

var xor = XorData.Create();
var xorRun = Trainer.Train(TutorialRuns.Xor(), xor);   // seed 18: stuck near 1/6, as the tutorial's run was
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"XOR after {xorRun.Trace.Epochs.Length} epochs: loss {xorRun.Trace.Epochs[^1].Loss:G4}, solved: {(SweepMetrics.Solves(xorRun.Model, xor) ? "yes" : "no")}"));
