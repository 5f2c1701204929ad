using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Functional.Cli;
using Functional.Core.Serialization;

namespace Functional.Snapshots.Tests;

/// <summary>
/// The CLI under hostile input (docs/errors.md, "Hostile input"): every class of the table has several cases,
/// each checking the exit code, one line on stderr, no trace, existing files byte-identical, devices and links
/// kept, and a generous time bound where a hang would be the failure.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string F(string name) => temp.File(name);

    /// <summary>Writes the usual existing files: data, a checkpoint, a trace and old figures; returns their hashes.</summary>
    private Dictionary<string, string> ExistingFiles()
    {
        File.WriteAllText(F("d.csv"), "x,y\n0,1\n1,2\n2,2.5\n3,4\n4,5\n");
        Assert.Equal(0, CliRunner.Run("regression", "--data", F("d.csv"), "--epochs", "2", "--batch-size", "2", "--save", F("s.json"), "--trace", F("t.csv"), "--out", F("out")).ExitCode);
        return Snapshot();
    }

    private Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(temp.Path, "*", SearchOption.AllDirectories)
            .Where(f => new FileInfo(f).LinkTarget is null && FileKinds.Of(f) == FileKind.Regular)
            .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private void AssertUnchanged(Dictionary<string, string> before)
    {
        var after = Snapshot();
        foreach (var (file, hash) in before)
        {
            Assert.True(after.TryGetValue(file, out string? now), $"{file} was removed");
            Assert.True(hash == now, $"{file} was changed");
        }

        Assert.DoesNotContain(after.Keys.Except(before.Keys), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    private static void AssertRefused((int ExitCode, string Out, string Error) run, string expected)
    {
        BadInputTests.AssertBadInput(run, expected);
        Assert.True(run.Error.Length < 600, $"a long error line: {run.Error.Length} characters");
        Assert.DoesNotContain("Loss after epoch", run.Out);
    }

    // (1) Every output is checked before training: nothing is trained, nothing written.
    [Fact]
    public void Outputs_are_checked_before_any_work()
    {
        var before = ExistingFiles();
        File.WriteAllText(F("afile"), "not a folder");
        before = Snapshot();
        AssertRefused(CliRunner.Run("regression", "--epochs", "3", "--out", F("afile"), "--save", F("s.json"), "--trace", F("t.csv")), "--out '" + F("afile") + "': is a file, not a folder");
        AssertRefused(CliRunner.Run("regression", "--epochs", "3", "--no-plots", "--save", F("s.json"), "--trace", F("nofolder/t.csv")), "--trace '" + F("nofolder/t.csv") + "': cannot write the file: the folder");
        AssertRefused(CliRunner.Run("regression", "--epochs", "3", "--no-plots", "--save", F("afile/s.json")), "is a file, not a folder");
        AssertRefused(CliRunner.Run("regression", "--epochs", "3", "--no-plots", "--save", F("out")), "--save '" + F("out") + "': is a folder, not a file");
        AssertRefused(CliRunner.Run("regression", "--epochs", "3", "--no-plots", "--save", F(new string('n', 256))), "the file name is longer than 255 bytes");
        Directory.CreateDirectory(F("figs/regression_loss.png"));
        AssertRefused(CliRunner.Run("regression", "--epochs", "3", "--out", F("figs"), "--save", F("s.json")), "--out '" + F("figs/regression_loss.png") + "': is a folder, not a file");
        AssertRefused(CliRunner.Run("regression", "--epochs", "3", "--no-plots", "--trace", F("t.csv"), "--save", F("t.csv")), "the same file as --save");
        AssertRefused(CliRunner.Run("sweep", "--epochs", "3", "--seeds", "1", "--out", F("afile")), "is a file, not a folder");
        AssertRefused(CliRunner.Run("predict", "--model", F("s.json"), "--x", "1", "--out", F("out")), "is a folder, not a file");
        AssertRefused(CliRunner.Run("data", "--out", F("out")), "is a folder, not a file");
        AssertUnchanged(before);
    }

    // (2) A diverged run, or a run whose writing fails, changes no existing file and leaves no temporary file.
    [Fact]
    public void A_diverged_run_changes_no_existing_file()
    {
        var before = ExistingFiles();
        var run = CliRunner.Run("regression", "--data", F("d.csv"), "--epochs", "3", "--lr", "1e300", "--save", F("s.json"), "--trace", F("t.csv"), "--out", F("out"));
        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("mlp: training diverged at epoch", run.Error);
        AssertUnchanged(before);
    }

    [Fact]
    public void A_run_whose_outputs_cannot_all_be_written_changes_none_of_them()
    {
        var before = ExistingFiles();
        // Stands in for a full disk: once training is under way, the place of one figure becomes a folder.
        var run = CliRunner.RunWith(
            record =>
            {
                if (record.Epoch == 1)
                {
                    File.Delete(F("out/regression_loss.png"));
                    Directory.CreateDirectory(F("out/regression_loss.png"));
                }

                return false;
            },
            "regression", "--data", F("d.csv"), "--epochs", "3", "--batch-size", "2", "--save", F("s.json"), "--trace", F("t.csv"), "--out", F("out"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no output of this run was changed", run.Error);
        before.Remove(F("out/regression_loss.png"));
        AssertUnchanged(before);
    }

    [Fact]
    public void A_sweep_whose_outputs_cannot_all_be_written_changes_none_of_them()
    {
        string[] sweep = ["sweep", "--layout", "1,4,1", "--seeds", "2", "--epochs", "5", "--parallel", "1", "--quiet", "--out", F("out")];
        Assert.Equal(0, CliRunner.Run(sweep).ExitCode);
        var before = Snapshot();
        var run = CliRunner.RunWithSweepInterrupt(
            completed =>
            {
                if (completed == 1)
                {
                    File.Delete(F("out/sweep-fits.png"));
                    Directory.CreateDirectory(F("out/sweep-fits.png"));
                }

                return false;
            },
            [.. sweep[..^2], "--lr", "0.01", "--out", F("out")]);
        Assert.Equal(2, run.ExitCode);
        before.Remove(F("out/sweep-fits.png"));
        AssertUnchanged(before);
    }

    // (3) Devices, pipes, stdout and links are written through or followed, never replaced by a regular file.
    [Fact]
    public void Devices_stdout_and_links_are_kept()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var run = CliRunner.Run("data", "--n", "3", "--out", "/dev/null");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(FileKind.CharacterDevice, FileKinds.Of("/dev/null"));

        run = CliRunner.Run("data", "--n", "3", "--out", "-");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("x,y\n", run.Out);
        Assert.Equal(4, run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        File.WriteAllText(F("real.csv"), "old");
        File.CreateSymbolicLink(F("link.csv"), F("real.csv"));
        Assert.Equal(0, CliRunner.Run("data", "--n", "2", "--out", F("link.csv")).ExitCode);
        Assert.Equal(F("real.csv"), new FileInfo(F("link.csv")).LinkTarget);
        Assert.StartsWith("x,y\n", File.ReadAllText(F("real.csv")));

        File.CreateSymbolicLink(F("dangling.json"), F("target.json"));
        Assert.Equal(0, CliRunner.Run("xor", "--epochs", "2", "--no-plots", "--save", F("dangling.json")).ExitCode);
        Assert.NotNull(new FileInfo(F("dangling.json")).LinkTarget);
        Assert.True(File.Exists(F("target.json")));
    }

    private static async Task Shell(string command, params string[] args)
    {
        using var process = Process.Start(command, args);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task A_pipe_is_written_through_and_read_in_one_pass()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string fifo = F("pipe");
        await Shell("mkfifo", fifo);
        var reader = Task.Run(() => File.ReadAllText(fifo));
        Assert.Equal(0, (await Task.Run(() => CliRunner.Run("data", "--n", "2", "--out", fifo)).WaitAsync(TimeSpan.FromSeconds(60))).ExitCode);
        Assert.StartsWith("x,y\n", await reader.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(FileKind.Pipe, FileKinds.Of(fifo));

        var writer = Task.Run(() => File.WriteAllText(fifo, "x,y\n0,1\n1,2\n2,3\n"));
        var run = await Task.Run(() => CliRunner.Run("regression", "--data", fifo, "--epochs", "2", "--no-plots", "--save", F("s.json"))).WaitAsync(TimeSpan.FromSeconds(60));
        await writer.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Final MSE on the data", run.Out);
        Assert.Contains("\"data_sha256\": \"" + Convert.ToHexStringLower(SHA256.HashData("x,y\n0,1\n1,2\n2,3\n"u8)), File.ReadAllText(F("s.json")));
    }

    // (4) An output that is an input is refused.
    [Fact]
    public async Task An_output_that_is_an_input_is_refused()
    {
        var before = ExistingFiles();
        File.CreateSymbolicLink(F("alias.csv"), F("d.csv"));
        AssertRefused(CliRunner.Run("regression", "--data", F("d.csv"), "--save", F("d.csv"), "--no-plots"), "--save '" + F("d.csv") + "': is the input of --data");
        AssertRefused(CliRunner.Run("regression", "--data", F("d.csv"), "--trace", F("d.csv"), "--no-plots"), "--trace '" + F("d.csv") + "': is the input of --data");
        AssertRefused(CliRunner.Run("regression", "--data", F("d.csv"), "--save", F("alias.csv"), "--no-plots"), "is the input of --data");
        AssertRefused(CliRunner.Run("regression", "--resume", F("s.json"), "--trace", F("s.json"), "--no-plots"), "is the input of --resume");
        AssertRefused(CliRunner.Run("predict", "--model", F("s.json"), "--x", "1", "--out", F("s.json")), "is the input of --model");
        AssertRefused(CliRunner.Run("predict", "--model", F("s.json"), "--data", F("d.csv"), "--out", F("d.csv")), "is the input of --data");
        AssertRefused(CliRunner.Run("sweep", "--data", F("out/sweep.csv"), "--out", F("out"), "--seeds", "1"), "is the input of --data");
        if (!OperatingSystem.IsWindows())
        {
            await Shell("ln", F("d.csv"), F("hard.csv"));
            before = Snapshot();
            AssertRefused(CliRunner.Run("regression", "--data", F("d.csv"), "--save", F("hard.csv"), "--no-plots"), "is the input of --data");
        }

        AssertUnchanged(before);
        // Saving over the checkpoint being resumed is the ordinary way to continue a run.
        Assert.Equal(0, CliRunner.Run("regression", "--resume", F("s.json"), "--epochs", "3", "--no-plots", "--save", F("s.json")).ExitCode);
    }

    // (5) Numbers mean one thing, whatever the culture.
    public static TheoryData<string> Cultures() => new() { "de-DE", "fr-FR", "en-US", "" };

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Numbers_are_read_the_same_in_every_culture(string culture)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            // With invariant globalization a named culture would silently be the invariant one: then this test proves nothing.
            if (culture is "de-DE" or "fr-FR")
            {
                Assert.Equal(",", CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator);
            }

            AssertRefused(CliRunner.Run("sweep", "--lr", "0,001", "--seeds", "1", "--epochs", "1"), "--lr '0,001': expected a number");
            AssertRefused(CliRunner.Run("regression", "--lr", "0,001", "--no-plots"), "--lr '0,001': expected a number");
            AssertRefused(CliRunner.Run("regression", "--lr", "1,000.5", "--no-plots"), "expected a number");
            AssertRefused(CliRunner.Run("regression", "--epochs", "1,000", "--no-plots"), "--epochs '1,000': expected a whole number");
            AssertRefused(CliRunner.Run("sweep", "--seeds", "1.000"), "--seeds '1.000': expected a whole number");
            AssertRefused(CliRunner.Run("regression", "--optimizer", "adam:lr=0,5", "--no-plots"), "--optimizer");

            Assert.Equal(0, CliRunner.Run("regression", "--lr", "0.0005", "--weight-decay", "1e-3", "--epochs", "1", "--no-plots", "--save", F("c.json")).ExitCode);
            Assert.Contains("\"optimizer\": \"adam:lr=0.0005,weight_decay=0.001\"", File.ReadAllText(F("c.json")));
            Assert.Equal(0, CliRunner.Run("sweep", "--lr", "0.001", "--seeds", "1", "--epochs", "1", "--quiet", "--no-plots", "--out", F("sw")).ExitCode);
            Assert.Contains(",0.001,", File.ReadAllText(F("sw/sweep.csv")));
            File.WriteAllText(F("d.csv"), "x,y\n0.5,1.5\n1.5,2\n");
            Assert.Equal(0, CliRunner.Run("predict", "--model", F("c.json"), "--data", F("d.csv"), "--out", F("p.csv")).ExitCode);
            Assert.StartsWith("x,prediction\n0.5,", File.ReadAllText(F("p.csv")));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    // (6) Streams and endless inputs end with a clear line quickly.
    public static TheoryData<string> EndlessInputs() => new()
    {
        "regression --data /dev/zero",
        "regression --data /dev/urandom",
        "predict --model /dev/zero --x 1",
        "predict --model /dev/urandom --x 1",
        "xor --resume /dev/zero",
        "predict --model /dev/zero --data /dev/zero",
    };

    [Theory]
    [MemberData(nameof(EndlessInputs))]
    public async Task Endless_inputs_end_quickly_with_one_line(string args)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var run = Task.Run(() => CliRunner.Run([.. args.Split(' '), .. args.StartsWith("predict", StringComparison.Ordinal) ? Array.Empty<string>() : ["--no-plots", "--epochs", "1"]]));
        AssertRefused(await run.WaitAsync(TimeSpan.FromSeconds(60)), args.Split(' ')[2]);
    }

    // A model or checkpoint that is valid JSON as far as it goes and never ends: the pipe's writer counts what
    // it wrote, so "refused early" is a byte count, not a time.
    public static TheoryData<string, string, string, string, long> EndlessJsonStreams() => new()
    {
        { "model", "{\"format\":\"functional.mlp\",\"version\":1,\"layout\":[1,1],\"activations\":[\"identity\"],\"layers\":[{\"weight\":[[", "0,", "more than a model of layout 1,1 takes", 4 << 20 },
        { "model", "{\"layers\":[{\"weight\":[[", "0,", "without naming its format and layout first", 24 << 20 },
        { "model", "", "{}\n", "'{' is invalid after a single JSON value", 1 << 20 },
        { "model", "{\"format\":\"", "aaaaaaa", "a single value is longer than 1,048,576 bytes", 4 << 20 },
        { "model", "{\"format\":", "   \n", "bytes of blank space in a row", 4 << 20 },
        { "model", "{\"a\":", "[", "maximum configured depth of 64", 1 << 20 },
        { "checkpoint", "", "[1,0.5],\n", "more than a checkpoint of layout 2,2,1 and 3 epochs takes", 4 << 20 },
        { "shard", "", "{\"index\":0},\n", "more than the shard of a sweep of 16 runs takes", 6 << 20 },
    };

    [Theory]
    [MemberData(nameof(EndlessJsonStreams))]
    public async Task An_endless_model_or_checkpoint_stream_is_refused_early(string kind, string prefix, string unit, string expected, long mostRead)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (kind == "checkpoint")
        {
            // A real checkpoint up to its trace, then trace records for ever.
            Assert.Equal(0, CliRunner.Run("xor", "--epochs", "3", "--no-plots", "--out", F("out"), "--save", F("x.json")).ExitCode);
            string json = File.ReadAllText(F("x.json"));
            prefix = json[..(json.IndexOf("\"trace\": [", StringComparison.Ordinal) + 10)] + "\n";
        }
        else if (kind == "shard")
        {
            // A real shard file up to its runs, then runs for ever.
            Assert.Equal(0, CliRunner.Run("sweep", "--preset", "xor", "--seeds", "2", "--epochs", "3", "--shard", "1/2", "--out", F("sh"), "--quiet").ExitCode);
            string json = File.ReadAllText(Path.Combine(F("sh"), "sweep-shard-1-of-2.json"));
            prefix = json[..(json.IndexOf("\"runs\": [", StringComparison.Ordinal) + 9)] + "\n";
        }

        string fifo = F("endless");
        await Shell("mkfifo", fifo);
        long written = 0;
        var writer = Task.Run(() =>
        {
            byte[] block = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(unit, (1 << 16) / unit.Length)));
            try
            {
                using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write);
                pipe.Write(System.Text.Encoding.UTF8.GetBytes(prefix));
                while (written < 256L << 20)
                {
                    pipe.Write(block);
                    written += block.Length;
                }
            }
            catch (IOException)
            {
                // The reader closed the pipe: it has refused the stream.
            }
        });
        string[] args = kind switch
        {
            "model" => ["predict", "--model", fifo, "--x", "1"],
            "checkpoint" => ["xor", "--resume", fifo, "--no-plots", "--out", F("out")],
            _ => ["sweep", "merge", fifo, "--no-plots", "--out", F("merged")],
        };
        var run = await Task.Run(() => CliRunner.Run(args)).WaitAsync(TimeSpan.FromSeconds(60));
        await writer.WaitAsync(TimeSpan.FromSeconds(60));
        AssertRefused(run, expected);
        Assert.True(written < mostRead, $"{written:N0} bytes were read before the stream was refused; expected fewer than {mostRead:N0}");
    }

    [Fact]
    public void A_model_file_with_a_byte_order_mark_is_read()
    {
        ExistingFiles();
        File.WriteAllBytes(F("bom.json"), [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(F("s.json"))]);
        var run = CliRunner.Run("predict", "--model", F("bom.json"), "--x", "1");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(CliRunner.Run("predict", "--model", F("s.json"), "--x", "1").Out, run.Out);
    }

    [Fact]
    public void A_huge_line_or_field_is_refused_with_a_short_excerpt()
    {
        File.WriteAllText(F("long.csv"), "x,y\n1," + new string('9', 3_000_000) + "\n");
        AssertRefused(CliRunner.Run("regression", "--data", F("long.csv"), "--no-plots"), "longer than 1,048,576 characters");
        File.WriteAllText(F("field.csv"), "x,y\n1,2\n1," + new string('a', 500_000) + "\n");
        AssertRefused(CliRunner.Run("regression", "--data", F("field.csv"), "--no-plots"), "is not a number");
        AssertRefused(CliRunner.Run("regression", "--lr", new string('1', 3_000_000) + "x", "--no-plots"), "expected a number");
        AssertRefused(CliRunner.Run("regression", "--layout", "1," + new string('x', 100_000) + ",1", "--no-plots"), "is not a whole number");
    }

    // (7) Sizes are checked before allocating, with the same limits as the file readers.
    public static TheoryData<string, string> SizeRows() => new()
    {
        { "regression --layout 1,1000000000,1", "width 1000000000 is above 1,000,000" },
        { "summary --layout 1,46341,46341,1", "more than 10,000,000 parameters" },
        { "summary --layout 1,1000000,1000000,1", "more than 10,000,000 parameters" },
        { "data --n 2147483647", "--n 2147483647: at most 10,000,000 samples" },
        { "sweep --seeds 2147483647", "at most 100,000 (configurations x seeds)" },
        { "sweep --layout 1,99999999,1 --seeds 1", "width 99999999 is above 1,000,000" },
        { "regression --epochs 2147483647", "--epochs 2147483647: at most 10,000,000" },
        { "sweep --epochs 2000000000", "--epochs 2000000000: at most 10,000,000" },
        { "regression --layout 1,99999999999,1", "is not a whole number" },
        { "regression --layout 1,1000000,7,1", "--layout 1,1000000,7,1 --epochs 50000: a checkpoint of this run could reach 1,120 MiB, more than the 1,024 MiB a checkpoint file may hold" },
        { "xor --epochs 10000000 --layout 2,1000000,1", "a checkpoint of this run could reach" },
    };

    [Theory]
    [MemberData(nameof(SizeRows))]
    public async Task Sizes_are_limited_before_allocating(string args, string expected)
    {
        var run = Task.Run(() => CliRunner.Run([.. args.Split(' '), .. args.StartsWith("regression", StringComparison.Ordinal) ? ["--no-plots"] : Array.Empty<string>()]));
        AssertRefused(await run.WaitAsync(TimeSpan.FromSeconds(60)), expected);
    }

    [Fact]
    public void The_model_reader_has_the_same_size_limits()
    {
        ExistingFiles();
        string json = File.ReadAllText(F("s.json"));
        File.WriteAllText(F("wide.json"), json.Replace("\"layout\": [1,10,10,10,1]", "\"layout\": [1,46341,46341,1]"));
        AssertRefused(CliRunner.Run("predict", "--model", F("wide.json"), "--x", "1"), "more than 10,000,000 parameters");
        File.WriteAllText(F("long.json"), json.Replace("\"epochs\": 2,", "\"epochs\": 2000000000,"));
        AssertRefused(CliRunner.Run("regression", "--resume", F("long.json"), "--no-plots"), "run.epochs");
    }

    // (8) Every bad input is exit 2 and one line.
    public static TheoryData<string, string> OneLineRows() => new()
    {
        { "regression --data", "--data '': expected a CSV file" },
        { "regression --save", "--save '': expected a file name" },
        { "regression --trace", "--trace '': expected a file name" },
        { "regression --out", "--out '': expected a folder name" },
        { "regression --resume", "--resume '': expected a checkpoint file" },
        { "predict --x 1 --model", "--model : expected a file name" },
        { "data --out", "--out '': expected a file name" },
        { "sweep --seeds 1 --out", "--out '': expected a folder name" },
    };

    [Theory]
    [MemberData(nameof(OneLineRows))]
    public void Empty_names_are_one_line_errors(string args, string expected)
    {
        AssertRefused(CliRunner.Run([.. args.Split(' '), ""]), expected);
    }

    [Fact]
    public void Other_bad_inputs_are_one_line_errors()
    {
        File.WriteAllText(F("one.csv"), "x,y\n1,2\n");
        AssertRefused(CliRunner.Run("regression", "--data", F("one.csv"), "--validation", "0.5", "--no-plots"), "--validation 0.5: the data has 1 sample(s)");
        AssertRefused(CliRunner.Run("regression", "--weight-decay", "nan", "--no-plots"), "weightDecay must be a finite number >= 0, got NaN");
        AssertRefused(CliRunner.Run("xor", "--momentum", "inf", "--optimizer", "sgd", "--no-plots"), "--optimizer");
    }

    // (9) Parsing traps.
    public static TheoryData<string, string> TrapRows() => new()
    {
        { "regression @args.txt", "Unrecognized command or argument '@args.txt'" },
        { "regression --save --quiet", "--save '--quiet': expected a value, not an option" },
        { "regression --trace --no-plots", "--trace '--no-plots': expected a value, not an option" },
        { "predict --model --x", "--model '--x': expected a value, not an option" },
        { "regression --optimizer adam:lr=0.1,lr=0.2", "'lr' is given twice" },
        { "regression --optimizer sgd:momentum=0.9,momentum=0.1", "'momentum' is given twice" },
        { "sweep --seed 9223372036854775807 --seeds 3", "the last seed would be 9223372036854775809" },
        { "sweep --seed 18446744073709551615 --seeds 2", "the last seed would be 18446744073709551616" },
    };

    [Theory]
    [MemberData(nameof(TrapRows))]
    public void Parsing_traps_are_refused(string args, string expected)
    {
        File.WriteAllText("args.txt", "--lr 1000");
        try
        {
            AssertRefused(CliRunner.Run([.. args.Split(' '), .. args.StartsWith("regression", StringComparison.Ordinal) ? ["--no-plots", "--epochs", "1"] : Array.Empty<string>()]), expected);
        }
        finally
        {
            File.Delete("args.txt");
        }

        Assert.False(File.Exists("--quiet"));
    }

    [Fact]
    public void A_seed_range_that_fits_still_runs()
    {
        var run = CliRunner.Run("sweep", "--seed", "9223372036854775806", "--seeds", "2", "--epochs", "1", "--quiet", "--no-plots", "--out", F("o"));
        Assert.Equal(0, run.ExitCode);
    }

    // (10) A checkpoint edited by hand, or whose data fingerprint was blanked, is refused.
    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("ZZZZ")]
    public void A_checkpoint_with_a_damaged_fingerprint_is_refused(string fingerprint)
    {
        ExistingFiles();
        string json = File.ReadAllText(F("s.json"));
        string edited = System.Text.RegularExpressions.Regex.Replace(json, "\"data_sha256\": \"[0-9a-f]+\"", $"\"data_sha256\": \"{fingerprint}\"");
        Assert.NotEqual(json, edited);
        edited = edited.Replace(Path.GetFullPath(F("d.csv")), "/etc/passwd");
        File.WriteAllText(F("s.json"), edited);
        var run = CliRunner.Run("regression", "--resume", F("s.json"), "--epochs", "3", "--no-plots");
        AssertRefused(run, "the checkpoint's content does not match its content_sha256; it was edited or damaged");
        Assert.DoesNotContain("root", run.Error + run.Out);

        // Even with the content hash made to fit the edit, a blank fingerprint is not trusted.
        var forged = Functional.Core.Serialization.CheckpointFile.FromJson(edited);
        var bare = forged with { Run = forged.Run with { Host = forged.Run.HostSettings.Remove("content_sha256") } };
        string hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Functional.Core.Serialization.CheckpointFile.ToJson(bare))));
        File.WriteAllText(F("s.json"), Functional.Core.Serialization.CheckpointFile.ToJson(bare with { Run = bare.Run with { Host = bare.Run.HostSettings.SetItem("content_sha256", hash) } }));
        run = CliRunner.Run("regression", "--resume", F("s.json"), "--epochs", "3", "--no-plots");
        AssertRefused(run, "the run's data fingerprint (data_sha256) is missing or not a SHA-256");
        Assert.DoesNotContain("root", run.Error + run.Out);
    }

    [Theory]
    [InlineData("\"epochs_without_improvement\": 0", "\"epochs_without_improvement\": 1")]
    [InlineData("\"seed\": 12", "\"seed\": 13")]
    [InlineData("\"log_every\": \"2500\"", "\"log_every\": \"1\"")]
    [InlineData("[1,", "[1 ,")]
    public void A_checkpoint_edited_by_hand_is_refused(string from, string to)
    {
        Assert.Equal(0, CliRunner.Run("regression", "--epochs", "2", "--no-plots", "--save", F("s.json")).ExitCode);
        string json = File.ReadAllText(F("s.json"));
        Assert.Contains(from, json);
        File.WriteAllText(F("s.json"), json.Replace(from, to));
        var run = CliRunner.Run("regression", "--resume", F("s.json"), "--epochs", "3", "--no-plots");
        if (from == "[1,")
        {
            // Whitespace changes nothing the checkpoint means: it still resumes.
            Assert.Equal(0, run.ExitCode);
            return;
        }

        AssertRefused(run, "was edited or damaged after mlp wrote it");
    }

    // (12) Periodic checkpoints cost at most about as much as the training; the last one is always written.
    [Fact]
    public async Task Checkpointing_every_epoch_skips_what_would_cost_more_than_training()
    {
        var written = new List<int>();
        var run = await Task.Run(() => CliRunner.RunWithCheckpointHook(written.Add, "xor", "--epochs", "3000", "--checkpoint-every", "1", "--no-plots", "--quiet", "--save", F("c.json")))
            .WaitAsync(TimeSpan.FromSeconds(120));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1, written[0]);
        Assert.Equal(3000, written[^1]);
        // An XOR epoch is far cheaper than writing a checkpoint of its whole trace: most due checkpoints are skipped.
        Assert.InRange(written.Count, 2, 2999);
        Assert.Equal(3000, Functional.Core.Serialization.CheckpointFile.Load(F("c.json")).State.Epoch);
    }

    // The property: over random option vectors, the CLI never exits 1, and a run that fails changes no existing file.
    [Fact]
    public void Random_option_vectors_never_exit_1_and_a_failing_run_changes_nothing()
    {
        var before = ExistingFiles();
        string[][] pool =
        [
            ["--lr", "0,001"], ["--lr", "1e300"], ["--lr", "-1"], ["--lr", "nan"], ["--lr", "0.01"], ["--epochs", "2"], ["--epochs", "-3"],
            ["--epochs", "1,000"], ["--save", F("s.json")], ["--save", F("d.csv")], ["--save", ""], ["--save", F("out")], ["--trace", F("t.csv")],
            ["--trace", F("d.csv")], ["--trace", "--quiet"], ["--out", F("out")], ["--out", F("d.csv")], ["--out", ""], ["--data", F("d.csv")],
            ["--data", ""], ["--data", F("missing.csv")], ["--data", F("out")], ["--layout", "1,0,1"], ["--layout", "1,5000000,1"],
            ["--layout", "1,4,1"], ["--layout", "1,1000000,7,1"], ["--epochs", "99999999"], ["--batch-size", "0"], ["--batch-size", "2"], ["--validation", "0.99"], ["--validation", "2"],
            ["--patience", "0"], ["--optimizer", "adam:lr=1,lr=2"], ["--optimizer", "sgd:momentum=x"], ["--weight-decay", "inf"],
            ["--seed", "99999999999999999999"], ["--resume", F("s.json")], ["--resume", F("d.csv")], ["--checkpoint-every", "0"],
            ["--checkpoint-every", "1"], ["--init", "tutorial"], ["--rng", "x"], ["--format", "gif"], ["--no-plots"], ["--quiet"], ["@x"],
        ];
        var random = new Random(20260114);
        for (int i = 0; i < 120; i++)
        {
            var args = new List<string> { random.Next(2) == 0 ? "regression" : "xor", "--epochs", "2" };
            for (int k = random.Next(1, 5); k > 0; k--)
            {
                args.AddRange(pool[random.Next(pool.Length)]);
            }

            var run = CliRunner.Run([.. args]);
            string what = string.Join(' ', args);
            Assert.True(run.ExitCode is 0 or 2 or 3, $"exit {run.ExitCode} for {what}: {run.Error}");
            Assert.True(run.Error.TrimEnd('\n').Split('\n').Length == 1 || run.ExitCode == 0, $"more than one line for {what}: {run.Error}");
            if (run.ExitCode == 0)
            {
                before = Snapshot();
            }
            else
            {
                AssertUnchanged(before);
            }
        }
    }

    [Fact]
    public void Random_sweep_data_and_predict_vectors_never_exit_1_and_a_failing_run_changes_nothing()
    {
        var before = ExistingFiles();
        var pools = new Dictionary<string, string[][]>
        {
            ["sweep"] =
            [
                ["--lr", "0,001"], ["--lr", "0.01"], ["--lr", "-1"], ["--seeds", "0"], ["--seeds", "2"], ["--seeds", "2147483647"],
                ["--seed", "9223372036854775807"], ["--seed", "-3"], ["--epochs", "-1"], ["--epochs", "1,000"], ["--layout", "1,3,1"],
                ["--layout", "1,0,1"], ["--data", F("d.csv")], ["--data", F("out")], ["--data", ""], ["--out", F("d.csv")],
                ["--out", F("sw")], ["--out", F("out")], ["--optimizer", "sgd:lr=1,lr=1"], ["--batch-size", "0"], ["--parallel", "-1"],
                ["--sort", "x"], ["--preset", "x"], ["--task", "xor"], ["--no-plots"], ["--init", "tutorial"], ["--rng", "keyed"],
            ],
            ["data"] =
            [
                ["--n", "0"], ["--n", "3"], ["--n", "2147483647"], ["--n", "1e3"], ["--seed", "-1"], ["--seed", "5"], ["--noise", "nan"],
                ["--noise", "1e308"], ["--noise", "0,5"], ["--out", F("d.csv")], ["--out", F("out")], ["--out", ""], ["--out", "-"],
                ["--out", F("new.csv")], ["--out", F("missing/x.csv")],
            ],
            ["predict"] =
            [
                ["--model", F("s.json")], ["--model", F("d.csv")], ["--model", ""], ["--model", "/dev/zero"], ["--x", "1"], ["--x", "1,2"],
                ["--x", "0,5"], ["--x", ""], ["--x", "1e400"], ["--data", F("d.csv")], ["--data", F("s.json")], ["--out", F("s.json")],
                ["--out", F("d.csv")], ["--out", F("p.csv")], ["--out", F("out")], ["--out", "-"],
            ],
        };
        var random = new Random(20260115);
        string[] commands = [.. pools.Keys];
        for (int i = 0; i < 90; i++)
        {
            string command = commands[i % commands.Length];
            var args = new List<string> { command };
            if (command == "sweep")
            {
                args.AddRange(["--epochs", "2", "--seeds", "1", "--quiet", "--out", F("sw")]);
            }

            for (int k = random.Next(1, 4); k > 0; k--)
            {
                args.AddRange(pools[command][random.Next(pools[command].Length)]);
            }

            var run = CliRunner.Run([.. args]);
            string what = string.Join(' ', args);
            Assert.True(run.ExitCode is 0 or 2, $"exit {run.ExitCode} for {what}: {run.Error}");
            Assert.True(run.ExitCode == 0 || run.Error.TrimEnd('\n').Split('\n').Length == 1, $"more than one line for {what}: {run.Error}");
            if (run.ExitCode == 0)
            {
                before = Snapshot();
            }
            else
            {
                AssertUnchanged(before);
            }
        }
    }
}
