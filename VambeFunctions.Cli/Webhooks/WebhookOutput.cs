using System.Text.Json;
using System.Text.Json.Nodes;
using VambeFunctions.Cli.Infrastructure;
using VambeFunctions.Integrations;

namespace VambeFunctions.Cli.Webhooks;

/// <summary>Tables and JSON for webhooks, topics and delivery calls, with secrets masked.</summary>
public static class WebhookOutput
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    // NOTE: the shape of Vambe's call history is not documented in this repository, so these are
    // the usual names of properties that carry a request's or response's body or headers.

    /// <summary>Properties of a delivery call that may hold phone numbers, message text or secrets.</summary>
    private static readonly HashSet<string> CallBodyProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "payload", "body", "data", "request", "requestBody", "request_body", "requestPayload", "request_payload",
        "headers", "requestHeaders", "request_headers", "response", "responseBody", "response_body",
    };

    public static void WriteList(IReadOnlyList<VambeWebhook> webhooks, TextWriter writer)
    {
        if (webhooks.Count == 0)
        {
            writer.WriteLine("No webhooks.");
            return;
        }

        var table = new TextTable("ID", "STATE", "TOPICS", "URL", "DESCRIPTION");
        foreach (var webhook in webhooks)
        {
            table.AddRow(webhook.Id, State(webhook), string.Join(",", webhook.Topics ?? []), MaskedUrl(webhook), webhook.Description);
        }

        table.Write(writer);
    }

    public static void WriteDetails(VambeWebhook webhook, TextWriter writer)
    {
        writer.WriteLine($"ID           {webhook.Id}");
        writer.WriteLine($"State        {State(webhook)}");
        writer.WriteLine($"URL          {MaskedUrl(webhook)}");
        writer.WriteLine($"Topics       {string.Join(", ", webhook.Topics ?? [])}");
        writer.WriteLine($"Description  {webhook.Description}");
    }

    public static void WriteJson(object? value, TextWriter writer)
    {
        var node = value is JsonElement element ? JsonNode.Parse(element.GetRawText()) : JsonSerializer.SerializeToNode(value, Json);
        WriteNode(Redaction.RedactJson(node), writer);
    }

    public static void WriteTopics(JsonElement topics, TextWriter writer)
    {
        var table = new TextTable("TOPIC", "DESCRIPTION");
        foreach (var topic in Items(topics))
        {
            if (topic.ValueKind == JsonValueKind.String)
            {
                table.AddRow(topic.GetString(), "");
            }
            else if (topic.ValueKind == JsonValueKind.Object)
            {
                table.AddRow(Field(topic, "name", "topic", "event", "key", "id"), Field(topic, "description", "label"));
            }
        }

        WriteTableOrNone(table, "No topics.", writer);
    }

    public static void WriteCalls(JsonElement calls, TextWriter writer)
    {
        var table = new TextTable("TIME", "WEBHOOK", "TOPIC", "STATUS", "ID");
        foreach (var call in Items(calls).Where(call => call.ValueKind == JsonValueKind.Object))
        {
            table.AddRow(
                Field(call, "createdAt", "created_at", "timestamp", "sentAt", "sent_at"),
                Field(call, "webhookId", "webhook_id", "webhook"),
                Field(call, "topic", "event", "eventType", "event_type", "type"),
                Field(call, "statusCode", "status_code", "responseStatus", "response_status", "status"),
                Field(call, "id"));
        }

        WriteTableOrNone(table, "No calls.", writer);
    }

    /// <summary>Writes the call history as JSON without the bodies and headers of each call.</summary>
    public static void WriteCallsJson(JsonElement calls, TextWriter writer)
    {
        var root = JsonNode.Parse(calls.GetRawText());
        if (root is JsonArray array)
        {
            WriteNode(RedactCalls(array), writer);
            return;
        }

        if (root is JsonObject envelope)
        {
            var redacted = new JsonObject();
            foreach (var (name, value) in envelope)
            {
                redacted[name] = value is JsonArray items ? RedactCalls(items) : Redaction.RedactJson(value, CallBodyProperties);
            }

            WriteNode(redacted, writer);
            return;
        }

        WriteNode(Redaction.RedactJson(root), writer);
    }

    public static string State(VambeWebhook webhook)
    {
        var properties = webhook.AdditionalProperties ?? [];
        var deleted = properties.Any(property =>
            (property.Key is "deletedAt" or "deleted_at" && property.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            || (property.Key == "deleted" && property.Value.ValueKind == JsonValueKind.True));
        if (deleted)
        {
            return "deleted";
        }

        return webhook.Active == false ? "inactive" : "active";
    }

    private static string MaskedUrl(VambeWebhook webhook) => webhook.Url is null ? "" : Redaction.MaskUrl(webhook.Url);

    private static JsonArray RedactCalls(JsonArray calls) =>
        [.. calls.Select(call => call is JsonObject ? Redaction.RedactJson(call, CallBodyProperties) : Redaction.RedactJson(call))];

    private static void WriteNode(JsonNode? node, TextWriter writer) =>
        writer.WriteLine(node?.ToJsonString(Json) ?? "null");

    private static void WriteTableOrNone(TextTable table, string none, TextWriter writer)
    {
        if (table.RowCount == 0)
        {
            writer.WriteLine(none);
            return;
        }

        table.Write(writer);
    }

    /// <summary>Returns the items of a list that is either the array itself or an object's first array property.</summary>
    private static IEnumerable<JsonElement> Items(JsonElement list) => list.ValueKind switch
    {
        JsonValueKind.Array => list.EnumerateArray(),
        JsonValueKind.Object => list.EnumerateObject().Select(property => property.Value)
            .FirstOrDefault(value => value.ValueKind == JsonValueKind.Array) is { ValueKind: JsonValueKind.Array } items
            ? items.EnumerateArray()
            : [],
        _ => [],
    };

    private static string Field(JsonElement item, params string[] names)
    {
        foreach (var name in names)
        {
            if (item.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array))
            {
                return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            }
        }

        return "";
    }
}
