using VambeFunctions.Storage;

namespace VambeFunctions.Events;

/// <summary>Canonical Vambe topic names, the aliases Vambe also sends, and each topic's queue.</summary>
public static class Topics
{
    public const string MessageReceived = "message.received";
    public const string MessageSent = "message.sent";
    public const string TicketCreated = "ticket.created";
    public const string TicketUpdated = "ticket.updated";
    public const string TicketClosed = "ticket.closed";
    public const string ContactCreated = "contact.created";
    public const string ContactUpdated = "contact.updated";
    public const string StageChanged = "stage.changed";

    private static readonly Dictionary<string, string> QueueByTopic = new(StringComparer.Ordinal)
    {
        [MessageReceived] = QueueNames.MessageReceived,
        [MessageSent] = QueueNames.MessageSent,
        [TicketCreated] = QueueNames.TicketCreated,
        [TicketUpdated] = QueueNames.TicketUpdated,
        [TicketClosed] = QueueNames.TicketClosed,
        [ContactCreated] = QueueNames.ContactCreated,
        [ContactUpdated] = QueueNames.ContactUpdated,
        [StageChanged] = QueueNames.StageChanged,
    };

    private static readonly Dictionary<string, string> CanonicalByAlias = new(StringComparer.Ordinal)
    {
        ["ticket.opened"] = TicketCreated,
        ["contact.stage.changed"] = StageChanged,
        ["stage_change"] = StageChanged,
    };

    public static IReadOnlyCollection<string> Known => QueueByTopic.Keys;

    /// <summary>
    /// Maps a topic as sent to its canonical name: trimmed, lower-cased and with aliases resolved.
    /// An unknown topic keeps its normalized name.
    /// </summary>
    public static string Canonicalize(string topic)
    {
        var normalized = topic.Trim().ToLowerInvariant();
        return CanonicalByAlias.GetValueOrDefault(normalized, normalized);
    }

    public static bool IsKnown(string canonicalTopic) => QueueByTopic.ContainsKey(canonicalTopic);

    /// <summary>Returns the queue for a canonical topic, or the unknown-topic queue.</summary>
    public static string QueueFor(string canonicalTopic) =>
        QueueByTopic.GetValueOrDefault(canonicalTopic, QueueNames.UnknownTopic);
}
