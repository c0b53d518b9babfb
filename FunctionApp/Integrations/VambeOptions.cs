using System.ComponentModel.DataAnnotations;
using VambeFunctions.Extensions;

namespace VambeFunctions.Integrations;

/// <summary>Access to Vambe's API, bound from the <c>Vambe</c> section.</summary>
public sealed class VambeOptions : IValidatableObject
{
    public const string SectionName = "Vambe";

    [Required]
    public string BaseUrl { get; set; } = "https://api.vambe.me";

    /// <summary>Sent as <c>x-api-key</c>. Required when a routing rule tags or assigns.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Whether assigning a team member removes the agents already on the chat.</summary>
    public bool RemoveExistingAgents { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!SettingChecks.IsHttpUrl(BaseUrl))
        {
            yield return new ValidationResult("Vambe:BaseUrl must be an absolute http or https URL.", [nameof(BaseUrl)]);
        }

        foreach (var result in SettingChecks.ResolvedSecret(ApiKey, "Vambe:ApiKey", nameof(ApiKey)))
        {
            yield return result;
        }
    }
}
