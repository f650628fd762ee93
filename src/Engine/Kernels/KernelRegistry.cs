namespace Engine.Kernels;

using System.Collections.Concurrent;
using Engine.Jobs;

/// <summary>The kernels a process can run, by name. Thread-safe: workers look kernels up while users register.</summary>
public sealed class KernelRegistry
{
    private readonly ConcurrentDictionary<string, IChunkKernel> _kernels = new(StringComparer.Ordinal);

    public void Register(string name, IChunkKernel kernel)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("a kernel needs a non-empty name", nameof(name));
        ArgumentNullException.ThrowIfNull(kernel);
        if (!_kernels.TryAdd(name, kernel) && !ReferenceEquals(_kernels[name], kernel))
            throw new InvalidOperationException($"a different kernel is already registered as '{name}'");
    }

    public bool TryGet(string name, out IChunkKernel kernel) => _kernels.TryGetValue(name, out kernel!);

    public IChunkKernel Get(string name) => TryGet(name, out var kernel)
        ? kernel
        : throw new JobSpecException("kernel", $"unknown kernel '{name}' (registered: {string.Join(", ", Names)})");

    public IReadOnlyCollection<string> Names => _kernels.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();

    public IEnumerable<Type> WireTypes => _kernels.Values.SelectMany(k => k.WireTypes).Distinct();
}
