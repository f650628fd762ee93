namespace Engine.Topology;

/// <summary>
/// <see cref="ISystemFiles"/> over a directory standing for "/": "/" itself is the real machine,
/// a temp directory is a fake tree.
/// </summary>
public sealed class RootedSystemFiles(string root) : ISystemFiles
{
    public string Root { get; } = root;

    public string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(Resolve(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Absent, or a sysfs attribute whose driver fails the read (EIO, ENODEV, ENODATA): no value.
            return null;
        }
    }

    public IReadOnlyList<string> ListEntries(string path)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(Resolve(path))
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public bool Exists(string path)
    {
        var resolved = Resolve(path);
        return File.Exists(resolved) || Directory.Exists(resolved);
    }

    private string Resolve(string path) => Path.Join(Root, path.TrimStart('/'));
}
