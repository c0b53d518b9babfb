using System.Runtime.InteropServices;
using System.Text.Json;

namespace VambeFunctions.Events;

/// <summary>
/// The queue message that carries one event from ingest to processing. <see cref="Payload"/> is
/// the request body as received, embedded as raw JSON so the message stays readable. Its bytes
/// are unchanged; <see cref="Parse"/> returns them without the whitespace around the JSON value.
/// </summary>
public sealed record EventEnvelope(
    string EventId,
    string Topic,
    DateTimeOffset ReceivedAt,
    ReadOnlyMemory<byte> Payload)
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public BinaryData Serialize()
    {
        using var buffer = new MemoryStream(Payload.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", SchemaVersion);
            writer.WriteString("eventId", EventId);
            writer.WriteString("topic", Topic);
            writer.WriteString("receivedAt", ReceivedAt);
            writer.WritePropertyName("payload");
            writer.WriteRawValue(Payload.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return new BinaryData(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>Reads an envelope from a queue message body.</summary>
    /// <exception cref="InvalidEnvelopeException">The body is not an envelope this version reads.</exception>
    public static EventEnvelope Parse(BinaryData body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToMemory());
            var root = document.RootElement;
            var version = root.GetProperty("schemaVersion").GetInt32();
            if (version != CurrentSchemaVersion)
            {
                throw new InvalidEnvelopeException($"Unsupported schema version {version}.");
            }

            var payload = root.GetProperty("payload");
            return new EventEnvelope(
                RequireString(root, "eventId"),
                RequireString(root, "topic"),
                root.GetProperty("receivedAt").GetDateTimeOffset(),
                JsonMarshal.GetRawUtf8Value(payload).ToArray());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException
            or InvalidOperationException)
        {
            throw new InvalidEnvelopeException($"The queue message is not an event envelope: {e.Message}");
        }
    }

    private static string RequireString(JsonElement root, string name) =>
        root.GetProperty(name).GetString() is { Length: > 0 } value
            ? value
            : throw new InvalidEnvelopeException($"The envelope's '{name}' is empty.");
}

public sealed class InvalidEnvelopeException(string message) : Exception(message);
