using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace VambeFunctions.Events;

/// <summary>
/// The queue message that carries one event from ingest to processing. <see cref="Payload"/> is
/// the request body as received, embedded as raw JSON so the message stays readable. Its bytes
/// are unchanged; <see cref="Parse"/> returns them without the whitespace around the JSON value.
/// A body too large for a queue message is stored as a blob, named by <see cref="PayloadBlob"/>,
/// and the envelope carries no payload until processing loads it.
/// </summary>
public sealed record EventEnvelope(
    string EventId,
    string Topic,
    DateTimeOffset ReceivedAt,
    ReadOnlyMemory<byte> Payload)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>
    /// Largest envelope that fits a queue message: 64 KiB of base64 text encodes 48 KiB of bytes.
    /// </summary>
    public const int MaxQueueMessageBytes = 48 * 1024;

    /// <summary>Deep enough for a payload at the ingest depth limit plus the envelope's own level.</summary>
    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 128 };

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Name of the blob in the payload container that contains the body, when it is stored apart.</summary>
    public string? PayloadBlob { get; init; }

    /// <summary>W3C trace context of the ingest request, so processing continues its trace.</summary>
    public string? TraceParent { get; init; }

    public BinaryData Serialize()
    {
        // Writing straight into one array sized for the payload avoids the writer's own growing
        // buffer that a Stream target needs. The 256 bytes cover the other fields of a usual envelope.
        var buffer = new ArrayBufferWriter<byte>(Payload.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", SchemaVersion);
            writer.WriteString("eventId", EventId);
            writer.WriteString("topic", Topic);
            writer.WriteString("receivedAt", ReceivedAt);
            if (TraceParent is not null)
            {
                writer.WriteString("traceparent", TraceParent);
            }

            if (PayloadBlob is null)
            {
                writer.WritePropertyName("payload");
                writer.WriteRawValue(Payload.Span, skipInputValidation: true);
            }
            else
            {
                writer.WriteString("payloadBlob", PayloadBlob);
            }

            writer.WriteEndObject();
        }

        return new BinaryData(buffer.WrittenMemory);
    }

    /// <summary>Reads an envelope from a queue message body.</summary>
    /// <exception cref="InvalidEnvelopeException">The body is not an envelope this version reads.</exception>
    public static EventEnvelope Parse(BinaryData body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToMemory(), ReadOptions);
            var root = document.RootElement;
            var version = root.GetProperty("schemaVersion").GetInt32();
            if (version != CurrentSchemaVersion)
            {
                throw new InvalidEnvelopeException($"Unsupported schema version {version}.");
            }

            var payloadBlob = root.TryGetProperty("payloadBlob", out var blob) ? blob.GetString() : null;
            var traceParent = root.TryGetProperty("traceparent", out var trace) ? trace.GetString() : null;
            var payload = payloadBlob is null ? JsonMarshal.GetRawUtf8Value(root.GetProperty("payload")).ToArray() : [];
            return new EventEnvelope(
                RequireString(root, "eventId"),
                RequireString(root, "topic"),
                root.GetProperty("receivedAt").GetDateTimeOffset(),
                payload)
            {
                PayloadBlob = payloadBlob,
                TraceParent = traceParent,
            };
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
