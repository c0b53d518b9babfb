using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VambeFunctions.Events.Models;

/// <summary>
/// Shape shared by ticket, contact and stage events. Vambe sends the entity either in
/// <c>data</c> with a <c>timestamp</c>, or in <c>entity_data</c> with its previous state in
/// <c>previous_entity_data</c>.
/// </summary>
public abstract class EntityEvent<TData> : VambeEvent
    where TData : VambeEventData
{
    /// <summary>When the change happened: ISO-8601 text, or Unix seconds or milliseconds.</summary>
    [JsonPropertyName("timestamp")]
    public JsonElement? Timestamp { get; set; }

    [JsonPropertyName("data")]
    public TData? Data { get; set; }

    [JsonPropertyName("entity_data")]
    public TData? EntityData { get; set; }

    [JsonPropertyName("previous_entity_data")]
    public TData? PreviousEntityData { get; set; }

    [JsonPropertyName("entity_name")]
    public string? EntityName { get; set; }

    /// <summary>The entity, from whichever envelope shape carried it.</summary>
    [JsonIgnore]
    public TData? Entity => Data ?? EntityData;

    /// <summary>
    /// The parsed <see cref="Timestamp"/>, or null when it is absent, unreadable or before 1970.
    /// Table Storage rejects dates before 1601, and no Vambe event is that old.
    /// </summary>
    [JsonIgnore]
    public DateTimeOffset? OccurredAt => ParseTimestamp() is { } parsed && parsed >= DateTimeOffset.UnixEpoch ? parsed : null;

    private DateTimeOffset? ParseTimestamp() => Timestamp switch
    {
        { ValueKind: JsonValueKind.String } text when DateTimeOffset.TryParse(
            text.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out var unix) => UnixTime.ToDateTime(unix),
        _ => null,
    };

    public override string? FindMappingError() =>
        Entity is null ? "The event has neither a 'data' nor an 'entity_data' object." : null;
}

public sealed class TicketData : VambeEventData
{
    [JsonPropertyName("ticket_id"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? TicketId { get; set; }

    [JsonPropertyName("contact_id"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? ContactId { get; set; }

    [JsonPropertyName("contact_name")]
    public string? ContactName { get; set; }

    [JsonPropertyName("pipeline_id"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? PipelineId { get; set; }

    [JsonPropertyName("stage_id"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? StageId { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }
}

public sealed class TicketCreatedEvent : EntityEvent<TicketData>;

public sealed class TicketUpdatedEvent : EntityEvent<TicketData>;

public sealed class TicketClosedEvent : EntityEvent<TicketData>;

public sealed class ContactData : VambeEventData
{
    [JsonPropertyName("contact_id"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? ContactId { get; set; }

    [JsonPropertyName("contact_name")]
    public string? ContactName { get; set; }
}

public sealed class ContactCreatedEvent : EntityEvent<ContactData>;

public sealed class ContactUpdatedEvent : EntityEvent<ContactData>;

public sealed class StageData : VambeEventData
{
    [JsonPropertyName("contact_id"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? ContactId { get; set; }

    [JsonPropertyName("contact_name")]
    public string? ContactName { get; set; }

    [JsonPropertyName("pipeline_id"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? PipelineId { get; set; }

    [JsonPropertyName("previous_stage_id"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? PreviousStageId { get; set; }

    [JsonPropertyName("new_stage_id"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? NewStageId { get; set; }

    /// <summary>The stage in the <c>entity_data</c> shape.</summary>
    [JsonPropertyName("stage_id"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? StageId { get; set; }

    [JsonPropertyName("changed_by"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? ChangedBy { get; set; }
}

public sealed class StageChangedEvent : EntityEvent<StageData>
{
    [JsonIgnore]
    public string? NewStageId => Data?.NewStageId ?? EntityData?.StageId;

    [JsonIgnore]
    public string? PreviousStageId => Data?.PreviousStageId ?? PreviousEntityData?.StageId;

    [JsonIgnore]
    public string? PipelineId => Entity?.PipelineId;
}
