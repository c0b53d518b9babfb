using System.ComponentModel.DataAnnotations;
using VambeFunctions.Extensions;

namespace VambeFunctions.Ingest;

/// <summary>Settings of the webhook ingest endpoint, bound from the <c>Ingest</c> section.</summary>
public sealed class IngestOptions : IValidatableObject
{
    public const string SectionName = "Ingest";

    /// <summary>Largest accepted request body in bytes; larger bodies get 413.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>How the app authenticates a webhook after the host checked the function key.</summary>
    public AuthMode AuthMode { get; set; } = AuthMode.SharedSecret;

    /// <summary>
    /// Comma-separated secrets; any one of them authenticates a request, so a new secret can be
    /// added before the old one is removed. Standard Webhooks secrets are <c>whsec_</c> plus base64.
    /// </summary>
    public string? Secrets { get; set; }

    /// <summary>Seconds a signed request's timestamp may differ from now, in either direction.</summary>
    [Range(1, 86400)]
    public int SignatureToleranceSeconds { get; set; } = 300;

    /// <summary>Request header that carries the shared secret.</summary>
    [Required]
    public string SecretHeaderName { get; set; } = "x-webhook-secret";

    /// <summary>Query parameter that carries the shared secret when the header is absent.</summary>
    [Required]
    public string SecretQueryParameterName { get; set; } = "secret";

    /// <summary>Turns the app's own authentication off, leaving only the function key.</summary>
    public bool AuthenticationDisabled { get; set; }

    /// <summary>Seconds sent in <c>Retry-After</c> when storage cannot take the event.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 10;

    /// <summary>
    /// Total milliseconds that enqueueing one event may take, retries included. It stays well
    /// inside the 5 seconds Vambe waits for a response.
    /// </summary>
    [Range(500, 4500)]
    public int StorageBudgetMilliseconds { get; set; } = 3000;

    public IReadOnlyList<string> SecretList =>
        (Secrets ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in SettingChecks.ResolvedSecret(Secrets, "Ingest:Secrets", nameof(Secrets)))
        {
            yield return result;
        }

        if (!AuthenticationDisabled && SecretList.Count == 0)
        {
            yield return new ValidationResult(
                "Ingest:Secrets is empty. Set at least one shared secret, or set "
                + "Ingest:AuthenticationDisabled to true to rely on the function key alone.",
                [nameof(Secrets)]);
        }

        if (AuthMode == AuthMode.StandardWebhooks && SecretList.Any(secret => StandardWebhooksAuthenticator.DecodeSecret(secret) is null))
        {
            yield return new ValidationResult(
                "Ingest:Secrets must be Standard Webhooks secrets (whsec_ followed by base64) when Ingest:AuthMode is StandardWebhooks.",
                [nameof(Secrets)]);
        }
    }
}

/// <summary>The app's own authentication scheme for incoming webhooks.</summary>
public enum AuthMode
{
    /// <summary>A shared secret in a header or a query parameter.</summary>
    SharedSecret,

    /// <summary>
    /// Headers <c>x-vambe-timestamp</c> and <c>x-vambe-signature</c>: lowercase hex HMAC-SHA256 of
    /// <c>"{timestamp}.{raw body}"</c>.
    /// </summary>
    VambeSignature,

    /// <summary>Headers <c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature</c>.</summary>
    StandardWebhooks,
}
