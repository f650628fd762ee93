namespace Engine.Leasing;

/// <summary>
/// The time one chunk of a job takes, from its last reported spans: the median of the last
/// <see cref="Window"/> per-chunk times, so one slow span (a starved thread) does not move it much.
/// </summary>
public sealed class ChunkTimes
{
    public const int Window = 63;
    private readonly long[] _ticks = new long[Window];
    private readonly long[] _sorted = new long[Window];
    private int _count;
    private int _next;
    private long _median = -1;

    /// <summary>A span of <paramref name="chunks"/> chunks ran for <paramref name="elapsedTicks"/>.</summary>
    public void Add(long elapsedTicks, long chunks)
    {
        if (chunks <= 0 || elapsedTicks < 0)
            return;
        _ticks[_next] = Math.Max(1, elapsedTicks / chunks);
        _next = (_next + 1) % Window;
        _count = Math.Min(_count + 1, Window);
        _median = -1;
    }

    public bool IsKnown => _count > 0;

    /// <summary>Median ticks per chunk; 0 until a span has reported.</summary>
    public long MedianTicks
    {
        get
        {
            if (_count == 0)
                return 0;
            if (_median < 0)
            {
                Array.Copy(_ticks, _sorted, _count);
                Array.Sort(_sorted, 0, _count);
                _median = _sorted[_count / 2];
            }
            return _median;
        }
    }
}
