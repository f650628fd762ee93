namespace Engine.Actors.Metrics;

using System.Diagnostics.Metrics;

/// <summary>
/// Values for one histogram under one tag set, held and recorded together: the SDK's lookup of the tags and its
/// aggregation run back to back in one warm loop instead of once between each span's other work.
/// </summary>
internal sealed class HistogramBatch(Histogram<double> histogram, KeyValuePair<string, object?>[] tags)
{
    /// <summary>Recorded when full, else at the job meter's flush (each progress tick and the answer), like the counters.</summary>
    private const int Capacity = 256;

    private readonly double[] _values = new double[Capacity];
    private int _count;

    public void Add(double value)
    {
        _values[_count++] = value;
        if (_count == Capacity)
            Record();
    }

    public void Record()
    {
        for (var i = 0; i < _count; i++)
            histogram.Record(_values[i], tags);
        _count = 0;
    }
}
