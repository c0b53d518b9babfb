namespace VambeFunctions.Storage;

/// <summary>Limits on values written to Table Storage from payloads that senders control.</summary>
public static class TableValues
{
    /// <summary>
    /// Maximum length of text written to one property. Table Storage takes 64 KiB (32K UTF-16 characters)
    /// per property and 1 MiB per entity, so a handful of capped properties always fit.
    /// </summary>
    public const int MaxTextLength = 4096;

    /// <summary>Cuts a value to <see cref="MaxTextLength"/> characters, marking the cut with "…".</summary>
    public static string? Limit(string? value) =>
        value is { Length: > MaxTextLength } ? string.Concat(value.AsSpan(0, MaxTextLength - 1), "…") : value;
}
