using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VambeFunctions.Events.Models;

/// <summary>
/// Reads an identifier that Vambe sends as a string or as a number into a string. Ids are
/// opaque: nothing checks that they are UUIDs.
/// </summary>
public sealed class OpaqueIdConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(
                reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"Expected an id as a string or a number, not {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
