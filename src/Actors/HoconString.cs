namespace Engine.Actors;

/// <summary>Values written into HOCON text.</summary>
public static class HoconString
{
    /// <summary>A double-quoted HOCON string, so ids with dots, quotes or other specials stay one value.</summary>
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
