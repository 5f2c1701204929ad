#:project ../../src/Core/Functional.Core.csproj
#:package ScottPlot
// Which PyTorch batch order follows the tutorial's log? Trains the regression replay from the tutorial's printed
// start (torch generator, float64) for seeds 0..N-1, compares each run's 20 logged sums with the tutorial's
// printed ones, writes docs/images/tutorial_seeds.csv and the figure docs/images/tutorial_seeds.png.
//   dotnet run docs/scripts/tutorial-seeds.cs -- [N]        (N = 128 by default; about 1.2 s per seed per core)
using System.Collections.Concurrent;
using System.Globalization;
using Functional.Core.Data;
using Functional.Core.Training;
using ScottPlot;

int seeds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 128;
string images = Path.GetFullPath(Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".", "..", "images"));

// The tutorial's printed log: the sum of the 4 batch losses at epochs 2,500, 5,000, ..., 50,000.
double[] tutorial =
[
    3868, 3111, 1681, 872.3, 685.7, 617.8, 588.2, 567.7, 551.1, 532.1,
    513.4, 494.3, 475.3, 455.1, 435.7, 418.8, 404.1, 389.6, 375.2, 362,
];
int[] epochs = Enumerable.Range(1, 20).Select(i => i * 2_500).ToArray();

var data = TutorialData.Generate();
var logged = new ConcurrentDictionary<int, double[]>();
Parallel.For(0, seeds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
{
    var trace = Trainer.Train(TutorialRuns.Regression(seed: seed), data).Trace.Epochs;
    logged[seed] = epochs.Select(e => trace[e - 1].Loss).ToArray();
});

double Deviation(double[] run) => run.Zip(tutorial, (a, t) => Math.Abs(a - t) / t).Max();
var ranked = Enumerable.Range(0, seeds).OrderBy(s => Deviation(logged[s])).ThenBy(s => s).ToArray();
int best = ranked[0];

var csv = new System.Text.StringBuilder("seed,max_relative_deviation," + string.Join(",", epochs.Select(e => "epoch_" + e)) + "\n");
foreach (int s in Enumerable.Range(0, seeds))
{
    csv.Append(CultureInfo.InvariantCulture, $"{s},{Deviation(logged[s]):R},{string.Join(",", logged[s].Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}\n");
}

File.WriteAllText(Path.Combine(images, "tutorial_seeds.csv"), csv.ToString());

int within5 = ranked.Count(s => Deviation(logged[s]) <= 0.05);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{seeds} seeds: best {best} (max deviation {Deviation(logged[best]):P2}); {within5} within 5% on every line; ranked: {string.Join(" ", ranked.Take(10).Select(s => $"{s}:{Deviation(logged[s]):P1}"))}"));

// The figure: the band of all seeds (min..max and the middle half), the chosen seed, the tutorial's 20 points.
Fonts.Default = "DejaVu Sans"; // matplotlib's family, as the CLI's figures (ScottPlot's default may be serif)
var plot = new Plot();
double[] xs = epochs.Select(e => (double)e).ToArray();
double[] Column(Func<double[], double> f) => Enumerable.Range(0, 20).Select(i => Math.Log10(f(logged.Values.Select(v => v[i]).Order().ToArray()))).ToArray();
double Quantile(double[] sorted, double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
var outer = plot.Add.FillY(xs, Column(v => v[0]), Column(v => v[^1]));
outer.FillColor = Colors.SteelBlue.WithAlpha(0.18);
outer.LineWidth = 0;
outer.LegendText = $"PyTorch batch orders, seeds 0-{seeds - 1} (all)";
var middle = plot.Add.FillY(xs, Column(v => Quantile(v, 0.25)), Column(v => Quantile(v, 0.75)));
middle.FillColor = Colors.SteelBlue.WithAlpha(0.40);
middle.LineWidth = 0;
middle.LegendText = "middle half of the seeds";
var chosen = plot.Add.Scatter(xs, logged[best].Select(Math.Log10).ToArray());
chosen.Color = Colors.DarkOrange;
chosen.LineWidth = 2;
chosen.MarkerSize = 0;
chosen.LegendText = $"seed {best} (the default of mlp regression)";
var printed = plot.Add.Scatter(xs, tutorial.Select(Math.Log10).ToArray());
printed.Color = Colors.Black;
printed.LineWidth = 0;
printed.MarkerSize = 7;
printed.MarkerShape = MarkerShape.OpenCircle;
printed.LegendText = "the tutorial's printed log";
plot.Axes.Left.TickGenerator = LogTicks();
plot.Title("Regression from the tutorial's printed start: logged loss by PyTorch batch order");
plot.XLabel("epoch");
plot.YLabel("sum of the epoch's 4 batch losses (log scale)");
plot.ShowLegend(Alignment.UpperRight);
foreach (var axis in plot.Axes.GetAxes())
{
    axis.Label.Bold = false;
}

plot.SavePng(Path.Combine(images, "tutorial_seeds.png"), 900, 560);
Console.WriteLine($"wrote {Path.Combine("docs", "images", "tutorial_seeds.png")} and tutorial_seeds.csv");

static ScottPlot.TickGenerators.NumericManual LogTicks()
{
    var ticks = new ScottPlot.TickGenerators.NumericManual();
    foreach (double v in new double[] { 200, 300, 500, 1000, 2000, 3000, 5000, 10000 })
    {
        ticks.AddMajor(Math.Log10(v), v.ToString(CultureInfo.InvariantCulture));
    }

    return ticks;
}
