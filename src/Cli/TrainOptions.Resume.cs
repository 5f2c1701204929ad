using System.CommandLine;
using System.Globalization;

namespace Functional.Cli;

// --resume: the run's settings come from the checkpoint instead of the options.
internal sealed partial class TrainOptions
{
    /// <summary>
    /// --resume FILE: the saved settings are kept, so options that would change the run are rejected; --epochs
    /// sets the new total (default: the saved one), and --log-every defaults to the saved interval.
    /// </summary>
    private RunRequest ReadResumed(ParseResult parse, string path)
    {
        Option[] fixedByCheckpoint = [batchSize, lr, layout, activation, outputActivation, loss, init, seed, rng, data, validation, patience, minDelta, noShuffle, dropLast, .. optimizer.All];
        foreach (var option in fixedByCheckpoint)
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                throw new UsageException($"{option.Name} cannot be combined with --resume: a resumed run keeps the settings saved in {path}");
            }
        }

        var checkpoint = RunCheckpoints.Load(path);
        var host = checkpoint.Run.HostSettings;
        if (host.TryGetValue(RunCheckpoints.CommandKey, out string? savedBy) && savedBy != command)
        {
            throw new UsageException($"--resume {path}: the checkpoint is of a 'mlp {savedBy}' run; resume it with 'mlp {savedBy} --resume {path}'");
        }

        var state = checkpoint.State;
        if (checkpoint.StoppedEarly)
        {
            throw new UsageException($"--resume {path}: the run stopped early at epoch {state.Epoch} (no improvement for {checkpoint.Run.EarlyStopping!.Patience} epochs); there is nothing to resume");
        }

        int target = parse.GetValue(epochs) ?? checkpoint.Run.Epochs;
        if (target < state.Epoch)
        {
            throw new UsageException($"--epochs {target}: the checkpoint {path} is already at epoch {state.Epoch}");
        }

        int every = parse.GetValue(logEvery)
            ?? (host.TryGetValue(RunCheckpoints.LogEveryKey, out string? saved) && int.TryParse(saved, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 ? n : defaults.LogEvery);
        if (every < 1)
        {
            throw new UsageException($"--log-every {every}: must be at least 1");
        }

        string? dataFile = host.GetValueOrDefault(RunCheckpoints.DataKey);
        string? dataHash = host.GetValueOrDefault(RunCheckpoints.DataHashKey);
        if (dataFile is not null)
        {
            RequireData(path, dataFile, dataHash);
        }

        var run = checkpoint.Run with { Epochs = target, Host = null };
        try
        {
            _ = run.ToConfig();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--resume {path}: {e.Message}");
        }

        return new RunRequest(run, every, dataFile, parse.GetValue(outDir)!, parse.GetValue(trace), parse.GetValue(quiet))
        {
            ResumeFrom = state,
            ResumePath = path,
            ExpectedDataHash = dataFile is null ? null : dataHash,
            Host = host.Remove(RunCheckpoints.ContentHashKey).SetItem(RunCheckpoints.CommandKey, command).SetItem(RunCheckpoints.LogEveryKey, every.ToString(CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>
    /// The saved run's data file must still be there, and its fingerprint must be a SHA-256 (a checkpoint whose
    /// fingerprint was blanked or edited is refused rather than trusted); the bytes are compared once read.
    /// </summary>
    private static void RequireData(string checkpoint, string dataFile, string? hash)
    {
        if (hash is null || hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
        {
            throw new UsageException($"--resume {checkpoint}: the run's data fingerprint (data_sha256) is missing or not a SHA-256; the checkpoint was damaged or edited");
        }

        if (!File.Exists(dataFile))
        {
            throw new UsageException($"--resume {checkpoint}: the run's data file '{AtomicFile.Excerpt(dataFile)}' is missing");
        }
    }

    /// <summary>Refuses data whose bytes differ from the ones the checkpoint was saved with.</summary>
    public static void RequireSameData(RunRequest request, string sha256)
    {
        if (request.ExpectedDataHash is { } expected && expected != sha256)
        {
            throw new UsageException($"--resume {request.ResumePath}: the data file '{request.DataFile}' has changed since the checkpoint was saved (its SHA-256 differs); an exact resume needs the same data");
        }
    }
}
