using System.Text.Json;
using System.Text.Json.Serialization;

namespace VambeFunctions.Events.Models;

/// <summary>
/// Base of the typed event models. Fields the model does not name are kept in
/// <see cref="AdditionalProperties"/>, because Vambe adds fields without notice.
/// </summary>
public abstract class VambeEvent
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>Returns why the payload does not fit this model, or null when it does.</summary>
    public abstract string? FindMappingError();
}

/// <summary>Base of the data objects inside an event; keeps unknown fields too.</summary>
public abstract class VambeEventData
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
