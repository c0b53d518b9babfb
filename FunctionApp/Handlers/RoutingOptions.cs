using System.ComponentModel.DataAnnotations;

namespace VambeFunctions.Handlers;

/// <summary>Keyword rules for inbound messages, bound from the <c>Routing</c> section.</summary>
public sealed class RoutingOptions : IValidatableObject
{
    public const string SectionName = "Routing";

    public List<KeywordRule> Rules { get; set; } = [];

    /// <summary>Team member assigned when no matching rule names one. Empty turns it off.</summary>
    public string? DefaultTeamMemberId { get; set; }

    /// <summary>Hours during which a contact gets the default team member at most once.</summary>
    [Range(1, 24 * 365)]
    public int DefaultAssignmentHours { get; set; } = 24;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var index = 0; index < Rules.Count; index++)
        {
            foreach (var error in Rules[index].Validate($"Routing:Rules:{index}"))
            {
                yield return new ValidationResult(error, [nameof(Rules)]);
            }
        }
    }
}

/// <summary>
/// A rule that matches inbound message text by keyword and then tags the contact, assigns a
/// team member, alerts the team, or any mix of the three.
/// </summary>
public sealed class KeywordRule
{
    /// <summary>Name shown in alerts and logs.</summary>
    public string Name { get; set; } = "";

    /// <summary>Words or phrases; matching ignores case and accents and respects word boundaries.</summary>
    public List<string> Keywords { get; set; } = [];

    public List<string> Tags { get; set; } = [];

    public string? TeamMemberId { get; set; }

    public bool Alert { get; set; }

    public IEnumerable<string> Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return $"{path}:Name is missing.";
        }

        if (Keywords.Count == 0 || Keywords.Any(keyword => KeywordMatcher.Words(keyword).Length == 0))
        {
            yield return $"{path}:Keywords must list at least one keyword, and each must contain a letter or digit.";
        }

        if (Tags.Count == 0 && string.IsNullOrWhiteSpace(TeamMemberId) && !Alert)
        {
            yield return $"{path} does nothing: set Tags, TeamMemberId or Alert.";
        }
    }
}
