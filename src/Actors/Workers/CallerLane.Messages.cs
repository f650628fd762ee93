namespace Engine.Actors.Workers;

using Akka.Event;
/// <summary>Undo every chunk of these ranges, in order (ktask's undo after a failed job).</summary>
public sealed record UndoChunks(string JobId, IReadOnlyList<(long First, long End)> Ranges);

public sealed record UndoFinished(string JobId, long ChunksUndone) : IDeadLetterSuppression;
