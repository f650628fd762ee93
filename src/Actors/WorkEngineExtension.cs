namespace Engine.Actors;

using Akka.Actor;

/// <summary>
/// The extension id of <see cref="WorkEngine"/>: <c>system.WithExtension&lt;WorkEngine, WorkEngineExtension&gt;()</c>
/// starts the engine with the system's settings; an instance made with settings starts it with those.
/// </summary>
public sealed class WorkEngineExtension(EngineSettings? settings) : ExtensionIdProvider<WorkEngine>
{
    public WorkEngineExtension() : this(null)
    {
    }

    public override WorkEngine CreateExtension(ExtendedActorSystem system) => WorkEngine.Create(system, settings);
}
