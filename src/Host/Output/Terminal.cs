namespace Engine.Host.Output;

/// <summary>Whether a writer is a person's terminal, so progress can be a bar redrawn in place.</summary>
public static class Terminal
{
    public static bool IsInteractive(TextWriter writer) =>
        (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected)
        || (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected);
}
