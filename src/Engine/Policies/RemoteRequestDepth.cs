namespace Engine.Policies;

/// <summary>
/// How many chunk requests a helper keeps outstanding with a coordinator on another member: <c>remote-prefetch</c>
/// at first, doubled each time a span ends with no grant waiting (the spans are shorter than the round trip, so the
/// helper would sit idle until the next one arrives), never beyond <c>remote-prefetch-max</c>. Spans that outlast the
/// round trip always find the next grant waiting, so the depth stays where it started and no helper hoards a job
/// of long chunks; more requests in flight also let each thread hand-off of the remoting carry several messages.
/// </summary>
public sealed class RemoteRequestDepth
{
    /// <param name="first">Requests sent on attaching (remote-prefetch).</param>
    /// <param name="most">The deepest it may grow (remote-prefetch-max); never below <paramref name="first"/>.</param>
    public RemoteRequestDepth(int first, int most)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(first, 1);
        Current = first;
        Most = Math.Max(first, most);
    }

    public int Current { get; private set; }

    public int Most { get; }

    /// <summary>A span ended and its result went back asking for the next.</summary>
    /// <param name="grantWaiting">Whether the next grant is already in the helper's mailbox.</param>
    /// <returns>How many more requests to send now: 0 while grants keep up or at the most.</returns>
    public int AfterSpan(bool grantWaiting)
    {
        if (grantWaiting || Current >= Most)
            return 0;
        var more = Math.Min(Current, Most - Current);
        Current += more;
        return more;
    }
}
