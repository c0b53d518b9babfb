namespace VambeFunctions.Storage;

/// <summary>
/// Names of every queue the app reads or writes. Queue triggers need constants, so each name is
/// one here, and <see cref="All"/> lists them for provisioning.
/// </summary>
public static class QueueNames
{
    public const string MessageReceived = "vambe-message-received";
    public const string MessageSent = "vambe-message-sent";
    public const string TicketCreated = "vambe-ticket-created";
    public const string TicketUpdated = "vambe-ticket-updated";
    public const string TicketClosed = "vambe-ticket-closed";
    public const string ContactCreated = "vambe-contact-created";
    public const string ContactUpdated = "vambe-contact-updated";
    public const string StageChanged = "vambe-stage-changed";
    public const string UnknownTopic = "vambe-unknown-topic";

    /// <summary>Suffix the Functions host appends to a queue's name for its poison queue.</summary>
    public const string PoisonSuffix = "-poison";

    public static IReadOnlyList<string> All { get; } =
    [
        MessageReceived, MessageSent, TicketCreated, TicketUpdated, TicketClosed,
        ContactCreated, ContactUpdated, StageChanged, UnknownTopic,
    ];

    public static IReadOnlyList<string> Poison { get; } = [.. All.Select(name => name + PoisonSuffix)];
}

/// <summary>Names of every table the app uses. Table names must be alphanumeric.</summary>
public static class TableNames
{
    /// <summary>One row per event id: the claim, its status, attempts and completed steps.</summary>
    public const string Events = "VambeEvents";

    /// <summary>Pipeline stage transitions, partitioned by pipeline and ordered by time.</summary>
    public const string StageTransitions = "VambeStageTransitions";

    /// <summary>Failed outbound message deliveries with their error codes.</summary>
    public const string DeliveryFailures = "VambeDeliveryFailures";

    /// <summary>When each contact last got the default team member.</summary>
    public const string ContactAssignments = "VambeContactAssignments";

    public static IReadOnlyList<string> All { get; } = [Events, StageTransitions, DeliveryFailures, ContactAssignments];
}

/// <summary>Names of every blob container the app uses.</summary>
public static class BlobContainerNames
{
    /// <summary>Dead letters and unknown-topic events, kept without expiry until replayed.</summary>
    public const string DeadLetters = "vambe-dead-letters";

    /// <summary>Bodies too large for a queue message, kept until their event completes.</summary>
    public const string Payloads = "vambe-payloads";

    public static IReadOnlyList<string> All { get; } = [DeadLetters, Payloads];
}
