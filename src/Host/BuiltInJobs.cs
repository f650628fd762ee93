namespace Engine.Host;

using Engine.Actors;
using Engine.Jobs;
using Engine.Kernels.BuiltIn;
using Engine.Kernels.BuiltIn.Burn;
using Engine.Kernels.BuiltIn.Hash;
using Engine.Kernels.BuiltIn.MemInit;

/// <summary>The kernels the Host ships, and how a command line becomes one of their jobs.</summary>
public static class BuiltInJobs
{
    public static IReadOnlyList<string> Names { get; } = [.. BuiltInKernels.All.Select(k => k.Key)];

    public static void RegisterAll(WorkEngine engine)
    {
        foreach (var (name, kernel) in BuiltInKernels.All)
            engine.Register(name, kernel);
    }

    /// <summary>Items per job when --size is not given: a few seconds of work on one core.</summary>
    public static long DefaultSize(RunOptions options) => options.Kernel switch
    {
        BurnKernel.Name => 10_000_000,
        HashKernel.Name when options.File is { } file => FileLength(file),
        HashKernel.Name => 2L << 30,
        MemInitKernel.Name => 1L << 30,
        _ => throw UnknownKernel(options.Kernel),
    };

    public static string Unit(string kernel) => kernel == BurnKernel.Name ? "items" : "bytes";

    public static object Arguments(RunOptions options) => options.Kernel switch
    {
        BurnKernel.Name => new BurnArgs(options.Rounds ?? BurnArgs.DefaultRounds),
        HashKernel.Name => new HashArgs(options.File, options.Seed),
        MemInitKernel.Name => new MemInitArgs(options.Seed),
        _ => throw UnknownKernel(options.Kernel),
    };

    /// <summary>The kernel's own alignment: whole leaves for hash, whole pages for meminit.</summary>
    public static long DefaultAlign(string kernel) => kernel switch
    {
        HashKernel.Name => HashArgs.DefaultLeafSize,
        MemInitKernel.Name => MemInitKernel.PageSize,
        _ => 1,
    };

    public static JobSpec Spec(RunOptions options)
    {
        if (options.File is { } file)
            CheckFile(file);
        return new JobSpec(
        options.Kernel, 0, options.Size ?? DefaultSize(options), options.Align ?? DefaultAlign(options.Kernel),
        options.MinChunk ?? JobSpec.EngineMinChunk, options.Helpers ?? JobSpec.CapsDecide, options.Placement, Arguments(options));
    }

    /// <summary>The job's result computed the plain way: the whole range as one chunk on this thread.</summary>
    public static object? SingleThreaded(JobSpec spec)
    {
        var kernel = BuiltInKernels.All.Single(k => k.Key == spec.Kernel).Value;
        return kernel.Run(new Kernels.ChunkContext("single-threaded", new ChunkRange(0, spec.Start, spec.End), spec.Arguments,
            0, CancellationToken.None));
    }

    /// <summary>The one line that identifies a result: what a user compares across runs, splits and hosts.</summary>
    public static string Describe(object? result) => result switch
    {
        ulong u => $"0x{u:x16}",
        MerkleSegment segment => $"sha256-tree {segment.Root} ({segment.LeafCount:N0} leaves)",
        MemInitResult memory => $"checksum 0x{memory.Checksum:x16}, {SizeText.Format(memory.TotalBytes)} initialized",
        null => "(none)",
        _ => result.ToString() ?? "",
    };

    /// <summary>
    /// Refuses a path the hash kernel cannot read by ranges, naming it: a FIFO, device or directory has no length
    /// (a FIFO would block), and a /proc or /sys file reports 0 bytes whatever it holds.
    /// </summary>
    private static void CheckFile(string path)
    {
        try
        {
            if (!File.Exists(path) && !Directory.Exists(path))
                throw new JobSpecException(FileField, $"'{path}' does not exist");
            if (FileKind.Of(path) is { } kind && kind != "a regular file")
                throw new JobSpecException(FileField, $"'{path}' is {kind}, not a regular file: it has no length to split into ranges");
            if (new FileInfo(path).Length == 0 && HasContent(path))
                throw new JobSpecException(FileField, $"'{path}' reports 0 bytes but has content (a /proc or /sys file): copy it to a regular file first");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new JobSpecException(FileField, $"cannot read '{path}': {e.Message}");
        }
    }

    private const string FileField = "arguments.path";

    private static long FileLength(string path) => new FileInfo(path).Length;

    private static bool HasContent(string path)
    {
        using var stream = File.OpenRead(path);
        return stream.ReadByte() >= 0;
    }

    private static ArgumentException UnknownKernel(string kernel) =>
        new($"unknown kernel '{kernel}' (built in: {string.Join(", ", Names)})");
}
