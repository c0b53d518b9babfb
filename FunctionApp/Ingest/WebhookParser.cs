using System.Text.Json;
using System.Text.Unicode;
using VambeFunctions.Events;

namespace VambeFunctions.Ingest;

/// <summary>A webhook body that parsed as a JSON object with a topic.</summary>
public sealed record ParsedWebhook(string Topic, string EventId);

/// <summary>Finds the topic of a webhook in any of Vambe's envelope shapes and derives its event id.</summary>
public static class WebhookParser
{
    /// <summary>Properties that carry the topic, in the order they are looked up.</summary>
    public static readonly string[] TopicProperties = ["event", "topic", "event_type", "type"];

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    private static readonly byte[] Utf8ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <exception cref="InvalidWebhookException">The body is not a JSON object with a topic.</exception>
    public static ParsedWebhook Parse(ReadOnlyMemory<byte> body)
    {
        if (body.Span.StartsWith(Utf8ByteOrderMark))
        {
            throw new InvalidWebhookException("invalid-json", "The body starts with a byte-order mark. Send JSON without one.");
        }

        // JsonDocument checks UTF-8 only when a string is read, so check the whole body first.
        if (!Utf8.IsValid(body.Span))
        {
            throw new InvalidWebhookException("invalid-encoding", "The body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidWebhookException("invalid-json",
                $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidWebhookException("not-an-object",
                    $"The body must be a JSON object, not {root.ValueKind.ToString().ToLowerInvariant()}.");
            }

            try
            {
                var topic = Topics.Canonicalize(FindTopic(root));
                return new ParsedWebhook(topic, EventIds.Create(topic, root));
            }
            catch (InvalidOperationException)
            {
                // Reading a string fails when it escapes an unpaired UTF-16 surrogate, such as "\ud800".
                throw new InvalidWebhookException("invalid-json", "The body contains a string that is not valid Unicode.");
            }
        }
    }

    private static string FindTopic(JsonElement root)
    {
        foreach (var name in TopicProperties)
        {
            if (!root.TryGetProperty(name, out var value))
            {
                continue;
            }

            return value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
                ? value.GetString()!
                : throw new InvalidWebhookException("invalid-topic", $"The '{name}' property must be a non-empty string.");
        }

        throw new InvalidWebhookException("missing-topic",
            $"The body has no topic: expected one of {string.Join(", ", TopicProperties.Select(p => $"'{p}'"))}.");
    }
}

/// <param name="Reason">A reason class returned in the problem body and logged.</param>
public sealed class InvalidWebhookException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}
