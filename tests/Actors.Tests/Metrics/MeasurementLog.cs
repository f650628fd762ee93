namespace Actors.Tests.Metrics;

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

/// <summary>Every measurement one meter instance reports, with its tags, collected by an in-process MeterListener.</summary>
public sealed class MeasurementLog : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, IReadOnlyDictionary<string, string> Tags)> _seen = new();

    public MeasurementLog(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        _listener.Start();
    }

    /// <summary>Sum of an instrument's measurements, optionally only those whose tags include <paramref name="tag"/>.</summary>
    public double Sum(string instrument, (string Key, string Value)? tag = null) =>
        Of(instrument, tag).Sum(m => m.Value);

    public int Count(string instrument, (string Key, string Value)? tag = null) => Of(instrument, tag).Count();

    public IEnumerable<(double Value, IReadOnlyDictionary<string, string> Tags)> Of(string instrument, (string Key, string Value)? tag = null) =>
        _seen.Where(m => m.Instrument == instrument && (tag is not { } t || m.Tags.GetValueOrDefault(t.Key) == t.Value))
            .Select(m => (m.Value, m.Tags));

    /// <summary>Reads the observable gauges now; returns their measurements of this reading only.</summary>
    public IReadOnlyList<(string Instrument, double Value, IReadOnlyDictionary<string, string> Tags)> Observe()
    {
        var before = _seen.Count;
        _listener.RecordObservableInstruments();
        return _seen.Skip(before).ToArray();
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string>();
        foreach (var tag in tags)
            copy[tag.Key] = tag.Value?.ToString() ?? "";
        _seen.Enqueue((instrument.Name, value, copy));
    }
}
