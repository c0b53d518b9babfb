using System.Text.Json.Serialization;

namespace VambeFunctions.Events.Models;

/// <summary>Shape shared by <c>message.received</c> and <c>message.sent</c>.</summary>
public abstract class MessageEvent : VambeEvent
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("aiContactId"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? AiContactId { get; set; }

    [JsonPropertyName("data")]
    public MessageData? Data { get; set; }

    public override string? FindMappingError() =>
        Data is null ? "The message event has no 'data' object." : null;
}

public sealed class MessageReceivedEvent : MessageEvent;

public sealed class MessageSentEvent : MessageEvent;

public sealed class MessageData : VambeEventData
{
    [JsonPropertyName("fromNumber"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? FromNumber { get; set; }

    [JsonPropertyName("toNumber"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? ToNumber { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("messageId"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? MessageId { get; set; }

    [JsonPropertyName("messageType")]
    public string? MessageType { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("stageId"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? StageId { get; set; }

    /// <summary>Delivery status of a sent message: sent, delivered, read or failed.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary>Present on a sent message only when its delivery failed.</summary>
    [JsonPropertyName("error_details")]
    public List<DeliveryError>? ErrorDetails { get; set; }
}

public sealed class DeliveryError : VambeEventData
{
    [JsonPropertyName("code"), JsonConverter(typeof(OpaqueIdConverter))]
    public string? Code { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
