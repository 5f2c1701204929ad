using System.Diagnostics;
using System.Globalization;
using Functional.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

// The tutorial's regression as a TorchSharp user writes it: float32 tensors (torch's default), nn.Sequential,
// MSELoss, Adam lr 1e-4, batches of 25 reshuffled every epoch, zero_grad / forward / backward / step per
// batch, one thread. `Functional.TorchPeer [EPOCHS] [--float64]` (50,000 epochs by default, as the tutorial)
// prints µs per step and the whole process's time. Load it on Debian 12 with bench/weak_glibcxx.py (see
// bench/run.sh).
int epochs = args.Length > 0 && args[0] != "--float64" ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
var dtype = args.Contains("--float64") ? ScalarType.Float64 : ScalarType.Float32;
torch.set_num_threads(1);
torch.manual_seed(42);
var data = TutorialData.Generate();
var x = torch.tensor(data.X.ToColumnMajorArray(), new long[] { data.Count, 1 }).to(dtype);
var y = torch.tensor(data.Y.ToColumnMajorArray(), new long[] { data.Count, 1 }).to(dtype);

var model = nn.Sequential(
    nn.Linear(1, 10), nn.ReLU(),
    nn.Linear(10, 10), nn.ReLU(),
    nn.Linear(10, 10), nn.ReLU(),
    nn.Linear(10, 1)).to(dtype);
var lossFunction = nn.MSELoss();
var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-4);

var stopwatch = Stopwatch.StartNew();
double last = 0;
for (int epoch = 0; epoch < epochs; epoch++)
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
        sum += dtype == ScalarType.Float32 ? loss.item<float>() : loss.item<double>();
    }

    last = sum;
    if ((epoch + 1) % 2500 == 0)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loss after epoch {epoch + 1,5}: {last:G4}"));
    }
}

double seconds = stopwatch.Elapsed.TotalSeconds;
double whole = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
int steps = epochs * 4;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"torchsharp {dtype}: {steps} steps in {seconds:F2} s: {seconds * 1e6 / steps:F1} µs/step; 200,000 steps would take {seconds / steps * 200_000:F1} s; whole process {whole:F2} s"));
