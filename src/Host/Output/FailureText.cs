namespace Engine.Host.Output;

/// <summary>A failure as the one line a user reads: the exception's message and its causes', without types or stacks.</summary>
public static class FailureText
{
    public static string OneLine(Exception failure)
    {
        var messages = new List<string>();
        for (var e = failure; e is not null; e = e.InnerException)
        {
            // Tasks wrap failures in AggregateExceptions whose message only repeats the inner ones.
            if (e is AggregateException { InnerExceptions.Count: 1 })
                continue;
            var message = e.Message.ReplaceLineEndings(" ").Trim();
            if (message.Length > 0 && !messages.Any(m => m.Contains(message, StringComparison.Ordinal)))
                messages.Add(message);
        }
        return messages.Count > 0 ? string.Join(": ", messages) : failure.GetType().Name;
    }
}
