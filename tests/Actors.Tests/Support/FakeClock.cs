namespace Actors.Tests.Support;

/// <summary>A clock that moves only when told, from any thread: kernels advance it to stand for chunk run times.</summary>
public sealed class FakeClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan time) => Interlocked.Add(ref _ticks, time.Ticks);
}

/// <summary>Each item "takes" <paramref name="itemTime"/> on the fake clock; each chunk also really sleeps <paramref name="realTime"/>.</summary>
public sealed class ClockedKernel(FakeClock clock, TimeSpan itemTime, TimeSpan realTime) : Engine.Kernels.ChunkKernel<object?, long>
{
    public override long Empty(object? arguments) => 0;

    public override long Run(Engine.Jobs.ChunkRange chunk, object? arguments, Engine.Kernels.ChunkContext context)
    {
        clock.Advance(itemTime * chunk.Length);
        if (realTime > TimeSpan.Zero)
            Thread.Sleep(realTime);
        return chunk.Length;
    }

    public override long Combine(long left, long right) => left + right;
}
