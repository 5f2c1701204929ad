using Functional.Core.Serialization;
using Functional.Properties.Tests.TestSupport;

namespace Functional.Properties.Tests.Serialization;

/// <summary>The library's own Save functions follow a link to its target and never replace a device by a file.</summary>
public sealed class AtomicSaveTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("functional-save-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Saving_to_a_link_replaces_its_target_and_keeps_the_link()
    {
        var model = Generators.Fixed(Generators.AnyNetwork, 3);
        string target = Path.Combine(folder, "target.json"), link = Path.Combine(folder, "link.json");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(link, target);

        ModelFile.Save(link, model);

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal(ModelFile.ToJson(model), File.ReadAllText(target));
        Assert.Equal(2, Directory.GetFiles(folder).Length); // no temporary file left
    }

    [Fact]
    public void Saving_to_a_device_or_a_folder_is_refused_and_changes_nothing()
    {
        var model = Generators.Fixed(Generators.AnyNetwork, 3);

        var device = Assert.Throws<IOException>(() => ModelFile.Save("/dev/null", model));
        Assert.Contains("a character device", device.Message);
        Assert.Equal(FileKind.CharacterDevice, FileKinds.Of("/dev/null"));

        var directory = Assert.Throws<IOException>(() => ModelFile.Save(folder, model));
        Assert.Contains("a folder", directory.Message);
        Assert.Empty(Directory.GetFiles(folder));
    }
}
