// On no allow-list, though it looks like an engine message.
namespace Engine.Actors.Tests.Serialization.Unlisted;

public sealed record UnlistedOrder(string Text);
