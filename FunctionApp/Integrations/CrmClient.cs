using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace VambeFunctions.Integrations;

/// <summary>The body the CRM receives for each ticket or contact event.</summary>
/// <param name="OccurredAt">When the change happened in Vambe, so the CRM can order updates that arrive out of order.</param>
public sealed record CrmEvent(
    [property: JsonPropertyName("eventId")] string EventId,
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("occurredAt")] DateTimeOffset OccurredAt,
    [property: JsonPropertyName("data")] JsonElement Data);

/// <summary>
/// Posts events to the CRM, signed with Standard Webhooks headers (<c>webhook-id</c> set to the
/// event id, <c>webhook-timestamp</c>, <c>webhook-signature</c>) and with an
/// <c>Idempotency-Key</c> equal to the event id, so the CRM can drop a repeated delivery.
/// </summary>
public sealed class CrmClient(HttpClient http, IOptions<CrmOptions> options, TimeProvider time)
{
    private readonly CrmOptions _options = options.Value;
    private readonly Lazy<StandardWebhook> _signer = new(() => new StandardWebhook(options.Value.SigningSecret!));

    public bool Enabled => _options.Enabled;

    public async Task SendAsync(CrmEvent crmEvent, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(crmEvent);
        var timestamp = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", crmEvent.EventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", _signer.Value.Sign(crmEvent.EventId, timestamp, body));
        request.Headers.Add("Idempotency-Key", crmEvent.EventId);

        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
