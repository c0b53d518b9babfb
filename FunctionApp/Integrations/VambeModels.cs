using System.Text.Json;
using System.Text.Json.Serialization;

namespace VambeFunctions.Integrations;

/// <summary>A webhook registration in Vambe's management API. Unknown fields are kept.</summary>
public sealed class VambeWebhook
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("topics")]
    public List<string>? Topics { get; set; }

    [JsonPropertyName("active")]
    public bool? Active { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The body of a webhook create or update; null fields are left out.</summary>
public sealed class VambeWebhookRequest
{
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("topics")]
    public List<string>? Topics { get; set; }

    [JsonPropertyName("active")]
    public bool? Active { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    /// <summary>Shared secret that older accounts attach to a webhook.</summary>
    [JsonPropertyName("secret")]
    public string? Secret { get; set; }
}

/// <summary>Vambe's reply to a tag request.</summary>
public sealed class TagContactResult
{
    /// <summary>Tags Vambe could not assign.</summary>
    [JsonPropertyName("notAssignedTags")]
    public List<string>? NotAssignedTags { get; set; }
}

/// <summary>Vambe's reply to an assign-team-member request.</summary>
public sealed class AssignTeamMemberResult
{
    [JsonPropertyName("success")]
    public bool Success { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
