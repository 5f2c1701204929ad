using System.CommandLine;
using Functional.Core;
using Functional.Core.Data;

namespace Functional.Cli.Commands;

/// <summary>
/// <c>mlp data</c>: prints or writes the tutorial's noisy samples as CSV (header <c>x,y</c>, generation
/// order, round-trip precision), as <c>np.random.seed(seed); x = uniform(-5, 5, n); y = ftrue(x) + normal(0, noise, n)</c>.
/// </summary>
internal static class DataCommand
{
    public static Command Create(CommandContext context)
    {
        var seed = NumericOptions.Long("--seed", "NumPy seed, 0 to 4294967295.", 42);
        var count = NumericOptions.Int("--n", "Number of samples, at least 1.", 100);
        var noise = NumericOptions.Double("--noise", "Standard deviation of the Gaussian noise, at least 0.", 10.0);
        var output = new Option<string?>("--out") { Description = "Write the CSV to this file (atomically) instead of printing it." };
        var command = new Command("data", "Print the tutorial's regression data (x uniform in [-5, 5), y = ftrue(x) + noise) as CSV.") { seed, count, noise, output };
        command.SetAction(parse =>
        {
            var options = Options(parse.GetValue(seed), parse.GetValue(count), parse.GetValue(noise));
            var target = TextOutput.Check(parse.GetValue(output), "--out");
            string csv;
            try
            {
                csv = DatasetCsv.Format(TutorialData.Generate(options));
            }
            catch (ArgumentOutOfRangeException e) when (e.ParamName is nameof(options.Count) or nameof(options.NoiseScale))
            {
                // Core's rules for the count and the noise scale, named by the option that set them.
                string option = e.ParamName == nameof(options.Count) ? $"--n {options.Count}" : $"--noise {Text(options.NoiseScale)}";
                throw new UsageException($"{option}: {Functional.Core.Optim.Arguments.Describe(e)}");
            }
            catch (ArgumentException)
            {
                throw new UsageException($"--noise {Text(options.NoiseScale)}: the samples overflow to infinity; use a smaller noise scale");
            }
            TextOutput.Write(context, target, csv);

            return ExitCodes.Ok;
        });
        return command;
    }

    private static TutorialDataOptions Options(long seed, int count, double noise)
    {
        if (seed is < 0 or > uint.MaxValue)
        {
            throw new UsageException($"--seed {seed}: a NumPy seed lies in 0..{uint.MaxValue}");
        }

        return TutorialDataOptions.Tutorial with { Seed = (uint)seed, Count = count, NoiseScale = noise };
    }

    private static string Text(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
