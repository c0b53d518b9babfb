using System.ComponentModel.DataAnnotations;

namespace VambeFunctions.Processing;

/// <summary>Settings of event processing, bound from the <c>Processing</c> section.</summary>
public sealed class ProcessingOptions
{
    public const string SectionName = "Processing";

    /// <summary>Days an event id is remembered; a redelivery after that runs its handler again.</summary>
    [Range(1, 3650)]
    public int DedupRetentionDays { get; set; } = 30;

    /// <summary>
    /// Seconds a delivery keeps its claim on an event. A claim kept longer, by a delivery that
    /// crashed, is taken over by the next delivery. Keep it above the function timeout.
    /// </summary>
    [Range(30, 86400)]
    public int ClaimLeaseSeconds { get; set; } = 600;
}
