using System.Diagnostics;
using System.Globalization;
using Functional.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

// The tutorial's regression as a TorchSharp user writes it: nn.Sequential, MSELoss, Adam lr 1e-4, batches of
// 25 reshuffled every epoch, zero_grad / backward / step per batch, one thread. Prints µs per step.
int epochs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;
torch.set_num_threads(1);
torch.manual_seed(42);
var data = TutorialData.Generate();
var x = torch.tensor(data.X.ToColumnMajorArray(), new long[] { data.Count, 1 }, dtype: ScalarType.Float64);
var y = torch.tensor(data.Y.ToColumnMajorArray(), new long[] { data.Count, 1 }, dtype: ScalarType.Float64);

var model = nn.Sequential(
    nn.Linear(1, 10), nn.ReLU(),
    nn.Linear(10, 10), nn.ReLU(),
    nn.Linear(10, 10), nn.ReLU(),
    nn.Linear(10, 1)).to(ScalarType.Float64);
var lossFunction = nn.MSELoss();
var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-4);

double Epoch()
{
    double sum = 0;
    using var scope = torch.NewDisposeScope();
    var order = torch.randperm(data.Count);
    for (int start = 0; start < data.Count; start += 25)
    {
        var index = order.narrow(0, start, Math.Min(25, data.Count - start));
        var xb = x.index_select(0, index);
        var yb = y.index_select(0, index);
        optimizer.zero_grad();
        var loss = lossFunction.forward(model.forward(xb), yb);
        loss.backward();
        optimizer.step();
        sum += loss.item<double>();
    }

    return sum;
}

for (int e = 0; e < 50; e++)
{
    Epoch();
}

var stopwatch = Stopwatch.StartNew();
double last = 0;
for (int e = 0; e < epochs; e++)
{
    last = Epoch();
}

double seconds = stopwatch.Elapsed.TotalSeconds;
int steps = epochs * 4;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"torchsharp: {steps} steps in {seconds:F2} s: {seconds * 1e6 / steps:F1} µs/step; 200,000 steps would take {seconds / steps * 200_000:F0} s (last epoch loss {last:F1})"));
