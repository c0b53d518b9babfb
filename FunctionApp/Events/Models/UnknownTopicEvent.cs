namespace VambeFunctions.Events.Models;

/// <summary>An event whose topic has no handler yet. It is archived whole for a later replay.</summary>
public sealed class UnknownTopicEvent : VambeEvent
{
    public override string? FindMappingError() => null;
}
