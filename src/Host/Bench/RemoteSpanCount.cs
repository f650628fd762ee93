namespace Engine.Host.Bench;

using System.Diagnostics.Metrics;

/// <summary>Spans the engine's coordinator hands to workers of other members, counted off its own meter.</summary>
public sealed class RemoteSpanCount : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _localMember;
    private long _spans;

    /// <param name="meter">The engine's meter (<c>WorkEngine.Metrics.Meter</c>).</param>
    /// <param name="localMember">The coordinating member's address, as its <c>member</c> tag names it.</param>
    public RemoteSpanCount(Meter meter, string localMember)
    {
        _localMember = localMember;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "engine.spans.granted")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>(OnGranted);
        _listener.Start();
    }

    public long Spans => Interlocked.Read(ref _spans);

    private void OnGranted(Instrument instrument, long spans, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (var tag in tags)
            if (tag.Key == "member" && !Equals(tag.Value, _localMember))
                Interlocked.Add(ref _spans, spans);
    }

    public void Dispose() => _listener.Dispose();
}
