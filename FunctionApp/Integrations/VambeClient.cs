using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VambeFunctions.Integrations;

/// <summary>
/// Typed client of Vambe's API: the public actions handlers take (tag a contact, assign a team
/// member) and the webhook-management calls. The base address and the <c>x-api-key</c> header
/// come from <see cref="VambeOptions"/>. A non-success status throws <see cref="HttpRequestException"/>
/// after the resilience pipeline's retries.
/// </summary>
public sealed class VambeClient(HttpClient http)
{
    public const string ApiKeyHeader = "x-api-key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <param name="channelType">One of whatsapp, web-whatsapp, instagram or playground.</param>
    /// <param name="platformIdentifier">For WhatsApp, the contact's phone number.</param>
    public async Task<TagContactResult> TagContactAsync(string channelType, string platformIdentifier,
        IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        var path = $"api/public/channels/{Uri.EscapeDataString(channelType)}/{Uri.EscapeDataString(platformIdentifier)}/tags";
        return await SendAsync<TagContactResult>(HttpMethod.Post, path, new { tags }, cancellationToken) ?? new TagContactResult();
    }

    public async Task<AssignTeamMemberResult> AssignTeamMemberAsync(string aiContactId, string teamMemberId,
        bool removeExistingAgents, CancellationToken cancellationToken)
    {
        var path = $"api/public/contact/{Uri.EscapeDataString(aiContactId)}/assign-team-member/"
            + $"{Uri.EscapeDataString(teamMemberId)}?removeExistingAgents={(removeExistingAgents ? "true" : "false")}";
        return await SendAsync<AssignTeamMemberResult>(HttpMethod.Post, path, null, cancellationToken) ?? new AssignTeamMemberResult();
    }

    public Task<VambeWebhook?> CreateWebhookAsync(VambeWebhookRequest request, CancellationToken cancellationToken) =>
        SendAsync<VambeWebhook>(HttpMethod.Post, "api/webhooks", request, cancellationToken);

    /// <summary>Lists the account's webhooks, soft-deleted ones included.</summary>
    public async Task<IReadOnlyList<VambeWebhook>> ListWebhooksAsync(CancellationToken cancellationToken) =>
        await SendAsync<List<VambeWebhook>>(HttpMethod.Get, "api/webhooks", null, cancellationToken) ?? [];

    public Task<VambeWebhook?> GetWebhookAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<VambeWebhook>(HttpMethod.Get, WebhookPath(id), null, cancellationToken);

    public Task<VambeWebhook?> UpdateWebhookAsync(string id, VambeWebhookRequest request, CancellationToken cancellationToken) =>
        SendAsync<VambeWebhook>(HttpMethod.Put, WebhookPath(id), request, cancellationToken);

    /// <summary>Soft-deletes a webhook; <see cref="RestoreWebhookAsync"/> undoes it.</summary>
    public Task<JsonElement> DeleteWebhookAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Delete, WebhookPath(id), null, cancellationToken);

    public Task<VambeWebhook?> RestoreWebhookAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<VambeWebhook>(HttpMethod.Post, WebhookPath(id) + "/restore", null, cancellationToken);

    public Task<JsonElement> ListTopicsAsync(CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Get, "api/webhooks/topics", null, cancellationToken);

    /// <summary>Returns the delivery history of the account's webhooks.</summary>
    public Task<JsonElement> ListCallsAsync(CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Get, "api/webhooks/calls", null, cancellationToken);

    private static string WebhookPath(string id) => $"api/webhooks/{Uri.EscapeDataString(id)}";

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength == 0)
        {
            return default;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text) ? default : JsonSerializer.Deserialize<T>(text, Json);
    }
}
