namespace Engine.Actors.Throttling;

using Akka.Actor;
using Engine.Policies;

/// <summary>Hands each <see cref="LimitsChanged"/> on the event stream to code outside the actors (the facade's view).</summary>
internal sealed class LimitsView : ReceiveActor
{
    public LimitsView(Action<EngineLimits> changed) => Receive<LimitsChanged>(c => changed(c.Limits));

    public static Props Props(Action<EngineLimits> changed) => Akka.Actor.Props.Create(() => new LimitsView(changed));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(LimitsChanged));
}
