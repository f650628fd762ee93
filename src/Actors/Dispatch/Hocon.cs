namespace Engine.Actors.Dispatch;

/// <summary>Writing values into HOCON text.</summary>
internal static class Hocon
{
    /// <summary>A double-quoted HOCON string, so ids with dots or other specials stay one value.</summary>
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
