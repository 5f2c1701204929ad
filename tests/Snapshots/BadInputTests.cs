namespace Functional.Snapshots.Tests;

/// <summary>
/// One test per row of docs/errors.md: each bad input exits with code 2 and one line on stderr that names
/// the option or file (line, column) and what was expected, with no stack trace.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder temp = new();

    private string folder => temp.Path;

    public void Dispose() => temp.Dispose();

    public static TheoryData<string, string> OptionRows() => new()
    {
        { "regression --layout 1,0,1", "--layout '1,0,1': width 0 must be at least 1" },
        { "regression --layout 1,-4,1", "--layout '1,-4,1': width -4 must be at least 1" },
        { "regression --layout 1,x,1", "--layout '1,x,1': 'x' is not a whole number" },
        { "regression --layout 7", "--layout '7': a layout needs at least two widths" },
        { "regression --layout 2,10,1", "--layout 2,10,1: the first width is 2 but the data has 1 input column(s)" },
        { "regression --layout 1,10,3", "--layout 1,10,3: the last width is 3 but the data has 1 target column(s)" },
        { "regression --lr 0", "--lr 0: the learning rate must be a finite number > 0" },
        { "regression --lr -0.1", "--lr -0.1: the learning rate must be a finite number > 0" },
        { "regression --lr nan", "--lr NaN: the learning rate must be a finite number > 0" },
        { "regression --lr inf", "--lr Infinity: the learning rate must be a finite number > 0" },
        { "regression --lr fast", "--lr 'fast': expected a number" },
        { "regression --batch-size 0", "--batch-size 0: must be at least 1 (or 'all')" },
        { "regression --batch-size -25", "--batch-size -25: must be at least 1 (or 'all')" },
        { "regression --batch-size many", "--batch-size 'many': expected a whole number or 'all'" },
        { "regression --epochs -1", "--epochs -1: must be 0 or more" },
        { "regression --epochs ten", "--epochs 'ten': expected a whole number" },
        { "regression --log-every 0", "--log-every 0: must be at least 1" },
        { "regression --seed x", "--seed 'x': expected a whole number" },
        { "regression --optimizer adamx", "unknown optimizer 'adamx'; valid: sgd, momentum, nesterov, adam, amsgrad, adamw, rmsprop, adagrad" },
        { "regression --activation swish", "unknown activation 'swish'; valid: identity, relu, leaky_relu, tanh, sigmoid, gelu, softplus, elu" },
        { "regression --activation relu,tanh", "--activation 'relu,tanh': give one activation or one per hidden layer (3)" },
        { "regression --loss hinge", "unknown loss 'hinge'; valid: mse, mae, huber, bce, bce_logits" },
        { "regression --init orthogonal", "unknown initialiser 'orthogonal'; valid: torch, tutorial, xavier_uniform" },
        { "regression --init tutorial --layout 1,8,1", "--init tutorial: the tutorial's printed start is for its 1-10-10-10-1 net only; the layout is 1-8-1" },
        { "xor --init tutorial", "--init tutorial: the tutorial's printed start is for its 1-10-10-10-1 net only; the layout is 2-2-1" },
        { "regression --init tutorial:zero_bias", "--init: initialiser 'tutorial:zero_bias': the tutorial's printed start includes its biases; it takes no ':zero_bias'" },
        { "regression --init xavier_normal", "--init xavier_normal: 'xavier_normal' draws from a normal distribution, which the torch generator does not reproduce; use a uniform initialiser (torch, xavier_uniform, kaiming_uniform) or the keyed generator" },
        { "regression --rng numpy", "--rng: unknown generator 'numpy'; valid: torch, keyed" },
        { "regression --seed 18446744073709551616", "--seed '18446744073709551616': expected a whole number from -9223372036854775808 to 18446744073709551615 (the seeds torch.manual_seed accepts)" },
        { "regression --seed -9223372036854775809", "--seed '-9223372036854775809': expected a whole number from -9223372036854775808 to 18446744073709551615" },
        { "sweep --rng numpy --seeds 1 --epochs 1", "--rng: unknown generator 'numpy'; valid: torch, keyed" },
        { "sweep --init tutorial --layout 1,5,1 --seeds 1 --epochs 1", "--init tutorial: the tutorial's printed start is for its 1-10-10-10-1 net only; the layout is 1-5-1" },
        { "sweep --seed 1e3", "--seed '1e3': expected a whole number" },
        { "regression --validation 1", "--validation 1: must lie in [0, 1)" },
        { "regression --patience 0", "--patience 0: must be at least 1" },
        { "regression --momentum x", "--momentum 'x': expected a number" },
        { "regression --schedule linear", "--schedule linear: unknown schedule 'linear'; valid: constant, step, exponential, cosine" },
        { "regression --schedule step", "--schedule step: step needs every=N, the updates between drops (e.g. step:every=1000,gamma=0.5)" },
        { "regression --schedule exponential", "--schedule exponential: exponential needs gamma=X, the factor per update (e.g. exponential:gamma=0.9999)" },
        { "regression --schedule step:every=5,every=6", "--schedule step:every=5,every=6: 'every' is given twice; give each key once" },
        { "xor --schedule step:every=5,t_max=3", "--schedule step:every=5,t_max=3: unknown key 't_max' for step; step takes: every, gamma, warmup" },
        { "regression --schedule step:every=0", "--schedule step:every=0: every must be at least 1, got 0" },
        { "regression --schedule cosine:t_max=1.5", "--schedule cosine:t_max=1.5: t_max must be a whole number, got '1.5'" },
        { "regression --schedule exponential:gamma=nan", "--schedule exponential:gamma=nan: gamma must be a finite number >= 0, got NaN" },
        { "regression --schedule exponential:gamma=-Infinity", "--schedule exponential:gamma=-Infinity: gamma must be a finite number >= 0, got -Infinity" },
        { "xor --schedule cosine:eta_min=-0.1", "--schedule cosine:eta_min=-0.1: eta_min must be a finite number >= 0, got -0.1" },
        { "xor --schedule step:gamma", "--schedule step:gamma: expected KEY=VALUE, got 'gamma'" },
        { "xor --layout 3,2,1", "--layout 3,2,1: the first width is 3 but the data has 2 input column(s)" },
        { "data --n 0", "--n 0: the number of samples must be at least 1" },
        { "data --noise -1", "--noise -1: the noise scale must be a finite number >= 0" },
        { "summary --layout 0,1", "--layout '0,1': width 0 must be at least 1" },
        { "regression --bogus", "Unrecognized command or argument '--bogus'" },
        { "frobnicate", "Unrecognized command or argument 'frobnicate'" },
    };

    [Theory]
    [MemberData(nameof(OptionRows))]
    public void Bad_options(string args, string expected)
    {
        AssertBadInput(CliRunner.Run([.. args.Split(' '), .. NoPlotsFor(args)]), expected);
    }

    public static TheoryData<string, string, string> CsvRows() => new()
    {
        { "empty.csv", "", "empty.csv: no data rows" },
        { "header-only.csv", "x,y\n", "header-only.csv: no data rows" },
        { "text.csv", "x,y\n1,2\n3,abc\n", "text.csv:3: column 'y' (1): 'abc' is not a number" },
        { "nan.csv", "x,y\n1,nan\n", "nan.csv:2: column 'y' (1): 'nan' is not a finite number" },
        { "inf.csv", "x,y\ninf,1\n", "inf.csv:2: column 'x' (0): 'inf' is not a number" },
        { "infinity.csv", "x,y\n-Infinity,1\n", "infinity.csv:2: column 'x' (0): '-Infinity' is not a finite number" },
        { "ragged.csv", "x,y\n1,2\n3\n", "ragged.csv:3: expected 2 fields as in the header, found 1" },
    };

    [Theory]
    [MemberData(nameof(CsvRows))]
    public void Bad_csv_data(string name, string content, string expected)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        AssertBadInput(CliRunner.Run("regression", "--data", path, "--epochs", "1", "--no-plots"), expected);
    }

    [Fact]
    public void Missing_data_file()
    {
        string path = Path.Combine(folder, "missing.csv");
        AssertBadInput(CliRunner.Run("regression", "--data", path, "--no-plots"), "missing.csv: file not found");
    }

    [Fact]
    public void A_folder_given_as_a_file()
    {
        AssertBadInput(CliRunner.Run("regression", "--data", folder, "--no-plots"), $"--data {folder}: is a folder, not a file");
        AssertBadInput(CliRunner.Run("predict", "--model", folder, "--x", "1"), $"--model {folder}: is a folder, not a file");
    }

    [Fact]
    public void No_command_lists_the_commands()
    {
        AssertBadInput(CliRunner.Run(), "a command is required: summary, regression, xor, data");
    }

    public static TheoryData<string, string> ModelFileRows() => new()
    {
        { "predict --model truncated.json --x 0,1", "--model truncated.json: not valid JSON at line" },
        { "predict --model random.json --x 0,1", "--model random.json: not valid JSON at line 1" },
        { "predict --model version7.json --x 0,1", "--model version7.json: unsupported version 7 (this build reads versions 1 to 2)" },
        { "predict --model missing.json --x 0,1", "--model missing.json: file not found" },
        { "predict --model good.json --x a,b", "--x 'a,b': 'a' is not a finite number" },
        { "predict --model good.json --x 1", "--x '1': has 1 value(s) but the model takes 2 inputs (layout 2,2,1)" },
        { "predict --model good.json", "predict needs the inputs: give --x 0.5,1.2 or --data FILE.csv" },
        { "xor --resume missing.json", "--resume missing.json: file not found" },
        { "xor --resume truncated.json", "--resume truncated.json: not valid JSON at line" },
        { "xor --resume good.json --lr 0.1", "--lr cannot be combined with --resume" },
        { "regression --resume good.json", "the checkpoint is of a 'mlp xor' run; resume it with 'mlp xor --resume good.json'" },
    };

    [Theory]
    [MemberData(nameof(ModelFileRows))]
    public void Bad_model_and_checkpoint_files(string args, string expected)
    {
        string good = Path.Combine(folder, "good.json");
        Assert.Equal(0, CliRunner.Run("xor", "--epochs", "5", "--no-plots", "--save", good).ExitCode);
        string json = File.ReadAllText(good);
        File.WriteAllText(Path.Combine(folder, "truncated.json"), json[..(json.Length / 2)]);
        File.WriteAllBytes(Path.Combine(folder, "random.json"), [0xF6, 0x01, 0x9C, 0x42, 0x00, 0xFF, 0x7B]);
        File.WriteAllText(Path.Combine(folder, "version7.json"), System.Text.RegularExpressions.Regex.Replace(json, "\"version\": *2", "\"version\": 7"));

        // The rows name files in the test's folder; messages quote the path as given.
        string Resolve(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\b[\w]+\.json\b", m => Path.Combine(folder, m.Value));
        AssertBadInput(CliRunner.Run([.. args.Split(' ').Select(Resolve), .. NoPlotsFor(args)]), Resolve(expected));
    }

    public static TheoryData<string, string> OnnxRows() => new()
    {
        { "predict --model missing.onnx --x 1", "--model missing.onnx: file not found" },
        { "predict --model random.onnx --x 1", "--model random.onnx: not a valid ONNX file: model: field 12 has wire type 7, which ONNX files do not use" },
        { "predict --model truncated.onnx --x 1", "--model truncated.onnx: not a valid ONNX file: " },
        { "predict --model opset24.onnx --x 1", "--model opset24.onnx: opset 24 is not supported (this reader reads opsets 7 to 23)" },
        { "predict --model softmax.onnx --x 1,2", "--model softmax.onnx: node 3 '/3/Softmax' (Softmax) is not supported: expected a layer (Gemm or MatMul) or one activation after a layer" },
        { "regression --init onnx:missing.onnx", "--init onnx:missing.onnx: file not found" },
        { "regression --init onnx:good.onnx --layout 1,5,1", "--init onnx:good.onnx: the file's net has layout 1,10,10,10,1 but --layout is 1,5,1" },
        { "regression --init onnx:good.onnx --activation tanh", "--init onnx:good.onnx: the file's net has activations relu,relu,relu,identity but the options ask for tanh,tanh,tanh,identity" },
        { "export --model missing.json --onnx out.onnx", "--model missing.json: file not found" },
        { "export --model good.onnx --onnx nofolder/out.onnx", "--onnx 'nofolder/out.onnx': cannot write the file: the folder" },
    };

    [Theory]
    [MemberData(nameof(OnnxRows))]
    public void Bad_onnx_files(string args, string expected)
    {
        string good = Path.Combine(folder, "good.onnx");
        string model = Path.Combine(folder, "model.json");
        Assert.Equal(0, CliRunner.Run("regression", "--epochs", "1", "--no-plots", "--quiet", "--save", model).ExitCode);
        Assert.Equal(0, CliRunner.Run("export", "--model", model, "--onnx", good).ExitCode);
        byte[] bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(Path.Combine(folder, "truncated.onnx"), bytes[..(bytes.Length / 2)]);
        File.WriteAllBytes(Path.Combine(folder, "random.onnx"), [0x67, 0x61, 0x72, 0x62, 0x61, 0x67, 0x65]);
        // The file ends with its opset import, field 8 { "" , version 17 }: make the version 24.
        bytes[^1] = 24;
        File.WriteAllBytes(Path.Combine(folder, "opset24.onnx"), bytes);
        File.Copy(ParityFixture("onnx/unsupported_softmax.onnx"), Path.Combine(folder, "softmax.onnx"));

        // The rows name files in the test's folder; messages quote the path as given.
        string Resolve(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"(?<![\w/])[\w]+\.(json|onnx)\b", m => Path.Combine(folder, m.Value));
        AssertBadInput(CliRunner.Run([.. args.Split(' ').Select(Resolve), .. NoPlotsFor(args)]), Resolve(expected));
    }

    private static string ParityFixture(string file, [System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "Parity", "fixtures", file);

    private static string[] NoPlotsFor(string args) =>
        args.StartsWith("regression", StringComparison.Ordinal) || args.StartsWith("xor", StringComparison.Ordinal) ? ["--no-plots"] : [];

    internal static void AssertBadInput((int ExitCode, string Out, string Error) run, string expected)
    {
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}, stderr: {run.Error}");
        string error = run.Error.TrimEnd('\n');
        Assert.DoesNotContain('\n', error);
        Assert.StartsWith("mlp: ", error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Exception", error);
    }
}
