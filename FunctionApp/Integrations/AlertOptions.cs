using System.ComponentModel.DataAnnotations;
using VambeFunctions.Extensions;

namespace VambeFunctions.Integrations;

/// <summary>The chat channel that receives alerts, bound from the <c>Alerts</c> section.</summary>
public sealed class AlertOptions : IValidatableObject
{
    public const string SectionName = "Alerts";

    public const string DefaultTemplate = "Vambe {topic}: {contactName} (contact {contactId}). {details}";

    /// <summary>A Slack-compatible incoming-webhook URL. Empty turns alerts off.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>
    /// Text of each alert, with the placeholders {topic}, {eventId}, {contactName}, {contactId}
    /// and {details}. Empty means <see cref="DefaultTemplate"/>.
    /// </summary>
    public string? Template { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(WebhookUrl);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        SettingChecks.OptionalUrl(WebhookUrl, "Alerts:WebhookUrl", nameof(WebhookUrl));
}
