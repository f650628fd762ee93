namespace Engine.Host.Output;

/// <summary>Whether a writer is a person's terminal, so progress can be a bar redrawn in place.</summary>
public static class Terminal
{
    /// <remarks>Only stderr can be: stdout carries results, and the Host hands its commands a writer of its own for them.</remarks>
    public static bool IsInteractive(TextWriter writer) => ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected;
}
