using System.Text.Json;

namespace VambeFunctions.Events;

/// <summary>Serializer settings for Vambe payloads.</summary>
public static class EventJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        MaxDepth = 64,
    };
}
