namespace Engine.Topology;

/// <summary>
/// Read-only access to the kernel's text files (/sys, /proc) by absolute path, so tests can point every
/// reader at a fake tree instead of the real machine.
/// </summary>
public interface ISystemFiles
{
    /// <summary>The file's text, or null when it is absent or cannot be read.</summary>
    string? ReadText(string path);

    /// <summary>Names (not paths) of a directory's entries, sorted; empty when the directory is absent.</summary>
    IReadOnlyList<string> ListEntries(string path);

    /// <summary>Whether a file or directory exists at the path.</summary>
    bool Exists(string path);
}
