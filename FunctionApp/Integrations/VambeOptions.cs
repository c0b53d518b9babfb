using System.ComponentModel.DataAnnotations;

namespace VambeFunctions.Integrations;

/// <summary>Access to Vambe's API, bound from the <c>Vambe</c> section.</summary>
public sealed class VambeOptions
{
    public const string SectionName = "Vambe";

    [Required, Url]
    public string BaseUrl { get; set; } = "https://api.vambe.me";

    /// <summary>Sent as <c>x-api-key</c>. Required when a routing rule tags or assigns.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Whether assigning a team member removes the agents already on the chat.</summary>
    public bool RemoveExistingAgents { get; set; }
}
