using System.ComponentModel.DataAnnotations;
using VambeFunctions.Extensions;
using VambeFunctions.Ingest;

namespace VambeFunctions.Integrations;

/// <summary>The CRM that ticket and contact events are synced to, bound from the <c>Crm</c> section.</summary>
public sealed class CrmOptions : IValidatableObject
{
    public const string SectionName = "Crm";

    /// <summary>The CRM endpoint that receives each event as a signed POST. Empty turns CRM sync off.</summary>
    public string? Url { get; set; }

    /// <summary>Standard Webhooks signing secret: <c>whsec_</c> followed by base64.</summary>
    public string? SigningSecret { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in SettingChecks.OptionalUrl(Url, "Crm:Url", nameof(Url)))
        {
            yield return result;
        }

        if (!Enabled)
        {
            yield break;
        }

        foreach (var result in SettingChecks.ResolvedSecret(SigningSecret, "Crm:SigningSecret", nameof(SigningSecret)))
        {
            yield return result;
        }

        if (SigningSecret is null || StandardWebhooksAuthenticator.DecodeSecret(SigningSecret) is null)
        {
            yield return new ValidationResult(
                "Crm:SigningSecret must be set to a Standard Webhooks secret (whsec_ followed by base64) when Crm:Url is set.",
                [nameof(SigningSecret)]);
        }
    }
}
