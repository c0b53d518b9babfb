namespace VambeFunctions.Handlers;

/// <summary>Funnel analytics settings, bound from the <c>Funnel</c> section.</summary>
public sealed class FunnelOptions
{
    public const string SectionName = "Funnel";

    /// <summary>Comma-separated stage ids; a contact reaching one of them alerts the team.</summary>
    public string? QualifiedStages { get; set; }

    public IReadOnlySet<string> QualifiedStageSet =>
        (QualifiedStages ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
}
