using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using VambeFunctions.Events;

namespace VambeFunctions.Ingest;

/// <summary>
/// Derives the idempotency key of a webhook. Message events use Vambe's message id (and, for sent
/// messages, the delivery status, because each status is its own event). Every other event uses
/// a SHA-256 of its topic and canonical JSON, so a redelivery gets the same id even when Vambe
/// re-serializes it with other property order or whitespace.
/// </summary>
/// <remarks>
/// Ids are valid Table Storage keys: source ids are percent-encoded outside
/// <c>[A-Za-z0-9._~-]</c>, and one whose encoded form is longer than
/// <see cref="MaxSourceIdLength"/> is replaced by its SHA-256. An event id then stays under 260
/// characters, inside the key limit of 1 KiB (512 UTF-16 characters) with room for the prefixes
/// that other tables add to it.
/// </remarks>
public static class EventIds
{
    public const int MaxSourceIdLength = 120;

    private const int MaxKeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_canonicalBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_canonicalWriter;

    public static string Create(string topic, JsonElement root)
    {
        var data = root.TryGetProperty("data", out var value) ? value : default;
        var messageId = ReadOpaqueId(data, "messageId");
        if (topic == Topics.MessageReceived && messageId is not null)
        {
            return $"{topic}:{EncodeSourceId(messageId)}";
        }

        var status = ReadOpaqueId(data, "status");
        if (topic == Topics.MessageSent && messageId is not null && status is not null)
        {
            return $"{topic}:{EncodeSourceId(messageId)}:{EncodeSourceId(status)}";
        }

        return $"{EncodeSourceId(topic)}:{HashCanonical(topic, root)}";
    }

    /// <summary>
    /// Percent-encodes every character outside the unreserved set of RFC 3986, or returns
    /// <c>sha256-{hex}</c> when the encoded form would be longer than <see cref="MaxSourceIdLength"/>.
    /// </summary>
    public static string EncodeSourceId(string id)
    {
        // Encoding never shortens a string, so a long id is hashed without encoding it first.
        var encoded = id.Length > MaxSourceIdLength ? null : Uri.EscapeDataString(id);
        return encoded is { Length: <= MaxSourceIdLength }
            ? encoded
            : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }

    private static string? ReadOpaqueId(JsonElement data, string name)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String when value.GetString() is { Length: > 0 } text => text,
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>Hashes the UTF-8 bytes of the topic, a line feed and the canonical JSON of the body.</summary>
    private static string HashCanonical(string topic, JsonElement root)
    {
        // Each thread reuses one buffer and writer instead of allocating them for every event.
        var buffer = t_canonicalBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        buffer.Advance(Encoding.UTF8.GetBytes(topic, buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(topic.Length))));
        buffer.Write("\n"u8);

        var writer = t_canonicalWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        CanonicalJson.Write(writer, root);
        writer.Flush();

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        if (buffer.Capacity > MaxKeptBufferBytes)
        {
            // Let a buffer that grew for a large body go, instead of keeping it for the thread's lifetime.
            t_canonicalBuffer = null;
            t_canonicalWriter = null;
        }

        return Convert.ToHexStringLower(hash);
    }
}
