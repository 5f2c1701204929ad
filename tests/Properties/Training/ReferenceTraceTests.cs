using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Functional.Core.Data;
using Functional.Core.Losses;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Training;

namespace Functional.Properties.Tests.Training;

/// <summary>
/// Training traces recorded with the straightforward implementation (MathNet matrices, a fresh record for
/// every intermediate value) before any optimisation, kept as approved files. Every epoch loss, the final
/// parameters and the optimizer state must match them bit for bit: the fast training fold may change how
/// the arithmetic is scheduled, never its result. On a mismatch the run is written next to the approved
/// file as <c>*.received.txt</c>; set FUNCTIONAL_APPROVE_REFERENCES=1 to (re)write the approved files.
/// </summary>
public class ReferenceTraceTests
{
    public static TheoryData<string> Names => [.. Cases.Keys];

    internal static ImmutableDictionary<string, (TrainingConfig Config, Func<Dataset> Data)> Cases { get; } = BuildCases();

    [Theory]
    [MemberData(nameof(Names))]
    public void Training_matches_the_recorded_reference_bit_for_bit(string name)
    {
        var (config, data) = Cases[name];
        string actual = TraceText.Of(Trainer.Train(config, data()));
        Approve(name, actual);
    }

    internal static TrainingConfig Regression(string optimizer, int epochs, int batchSize = 25, string layout = "1,10,10,10,1", string activations = "relu", string loss = "mse", long seed = 42, double validation = 0.0, EarlyStopping? early = null, string output = "identity") =>
        Config(layout, activations, output, loss, optimizer, new BatchOptions(batchSize), epochs, seed, validation, early);

    internal static TrainingConfig Xor(string optimizer, int epochs, long seed, string loss = "mse", string output = "identity") =>
        Config("2,2,1", "sigmoid", output, loss, optimizer, new BatchOptions(int.MaxValue, Shuffle: false), epochs, seed);

    internal static TrainingConfig Config(string layout, string activations, string output, string loss, string optimizer, BatchOptions batches, int epochs, long seed, double validation = 0.0, EarlyStopping? early = null)
    {
        var widths = layout.Split(',').Select(int.Parse).ToImmutableArray();
        var hidden = activations.Split(',').Select(Activation.Parse).ToArray();
        var acts = ImmutableArray.CreateBuilder<Activation>(widths.Length - 1);
        for (int i = 0; i + 2 < widths.Length; i++)
        {
            acts.Add(hidden[Math.Min(i, hidden.Length - 1)]);
        }

        acts.Add(Activation.Parse(output));
        return new TrainingConfig(widths, acts.MoveToImmutable(), Initializer.TorchDefault, Loss.Parse(loss), OptimizerSpec.Parse(optimizer).Create(), batches, epochs, seed, validation, early);
    }

    private static ImmutableDictionary<string, (TrainingConfig, Func<Dataset>)> BuildCases()
    {
        Func<Dataset> tutorial = () => TutorialData.Generate();
        Func<Dataset> xor = XorData.Create;
        var cases = new Dictionary<string, (TrainingConfig, Func<Dataset>)>
        {
            ["regression-adam-b25-s42"] = (Regression("adam:lr=1e-4", 200), tutorial),
            ["regression-adam-ball-s42"] = (Regression("adam:lr=1e-4", 200, batchSize: int.MaxValue), tutorial),
            ["regression-adam-b7-s5"] = (Regression("adam:lr=1e-3", 60, batchSize: 7, seed: 5), tutorial),
            ["xor-adamw-s42"] = (Xor("adamw:lr=0.03,weight_decay=0.01", 1000, 42), xor),
            ["xor-adamw-s12"] = (Xor("adamw:lr=0.03,weight_decay=0.01", 1000, 12), xor),
            ["regression-tanh-gelu"] = (Regression("adam:lr=1e-3", 100, layout: "1,8,6,1", activations: "tanh,gelu", seed: 7), tutorial),
            ["regression-leaky-elu-softplus"] = (Regression("adamw:lr=1e-3", 80, layout: "1,9,7,5,1", activations: "leaky_relu,elu,softplus", seed: 8), tutorial),
            ["regression-rmsprop"] = (Regression("rmsprop:lr=1e-3", 100), tutorial),
            ["regression-rmsprop-centered-momentum"] = (Regression("rmsprop:lr=1e-3,centered=true,momentum=0.5", 60), tutorial),
            ["regression-sgd-momentum"] = (Regression("momentum:lr=1e-6", 100), tutorial),
            ["regression-nesterov-wd"] = (Regression("nesterov:lr=1e-6,weight_decay=1e-3", 60), tutorial),
            ["regression-sgd-diverges"] = (Regression("sgd:lr=0.5", 50), tutorial),
            ["regression-adagrad-clip"] = (Regression("adagrad:lr=0.05,lr_decay=0.01,clip_norm=1.0", 60, loss: "huber"), tutorial),
            ["regression-amsgrad-clipvalue"] = (Regression("amsgrad:lr=1e-2,clip_value=0.5", 60, loss: "mae"), tutorial),
            ["regression-validation-early"] = (Regression("adam:lr=1e-2", 400, loss: "huber:2", seed: 3, validation: 0.2, early: new EarlyStopping(5, 1e-3)), tutorial),
            ["xor-bce-sigmoid-amsgrad"] = (Xor("amsgrad:lr=0.05", 300, 42, loss: "bce", output: "sigmoid"), xor),
            ["xor-bce-logits-nesterov"] = (Xor("nesterov:lr=0.1", 300, 9, loss: "bce_logits"), xor),
        };
        return cases.ToImmutableDictionary();
    }

    private static void Approve(string name, string actual, [CallerFilePath] string here = "")
    {
        string folder = Path.Combine(Path.GetDirectoryName(here)!, "References");
        string approved = Path.Combine(folder, name + ".verified.txt");
        string received = Path.Combine(folder, name + ".received.txt");
        if (Environment.GetEnvironmentVariable("FUNCTIONAL_APPROVE_REFERENCES") == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(approved, actual);
        }

        Assert.True(File.Exists(approved), $"no approved reference {approved}; record it with FUNCTIONAL_APPROVE_REFERENCES=1 on the reference implementation");
        string expected = File.ReadAllText(approved);
        if (expected != actual)
        {
            File.WriteAllText(received, actual);
            string[] e = expected.Split('\n'), a = actual.Split('\n');
            int line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
            Assert.Fail($"{name}: differs from the reference at line {line + 1}: expected '{(line < e.Length ? e[line] : "<end>")}', got '{(line < a.Length ? a[line] : "<end>")}' (written to {received})");
        }
        else if (File.Exists(received))
        {
            File.Delete(received);
        }
    }
}
