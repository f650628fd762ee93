namespace Engine.Kernels.BuiltIn.Hash;

/// <summary>
/// Builds a <see cref="MerkleSegment"/> from adjacent peaks pushed left to right, joining siblings as
/// soon as both are present (a binary counter's carries), so the stack always holds the maximal peaks.
/// </summary>
internal sealed class PeakStack
{
    private readonly List<MerklePeak> _peaks = [];

    public void Push(MerklePeak peak)
    {
        if (_peaks.Count > 0 && _peaks[^1].EndLeaf != peak.FirstLeaf)
            throw new InvalidOperationException(
                $"Merkle segments must be combined in order: leaf {peak.FirstLeaf} follows leaf {_peaks[^1].EndLeaf - 1}");
        _peaks.Add(peak);
        while (_peaks.Count >= 2 && _peaks[^2].IsLeftSiblingOf(_peaks[^1]))
        {
            var joined = _peaks[^2].JoinWith(_peaks[^1]);
            _peaks.RemoveRange(_peaks.Count - 2, 2);
            _peaks.Add(joined);
        }
    }

    public void PushAll(IEnumerable<MerklePeak> peaks)
    {
        foreach (var peak in peaks)
            Push(peak);
    }

    public MerkleSegment ToSegment() => _peaks.Count == 0 ? MerkleSegment.Empty : new MerkleSegment([.. _peaks]);
}
