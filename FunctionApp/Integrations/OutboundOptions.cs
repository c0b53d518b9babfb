using System.ComponentModel.DataAnnotations;

namespace VambeFunctions.Integrations;

/// <summary>
/// Timeouts and retries of every outbound HTTP client (Vambe, chat, CRM), bound from the
/// <c>Outbound</c> section. When the retries run out the handler throws, and the queue
/// delivers the event again later.
/// </summary>
public sealed class OutboundOptions
{
    public const string SectionName = "Outbound";

    /// <summary>Seconds one HTTP attempt may take.</summary>
    [Range(1, 120)]
    public int AttemptTimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds one call may take, all attempts and waits included.</summary>
    [Range(1, 600)]
    public int TotalTimeoutSeconds { get; set; } = 60;

    /// <summary>Retries after the first attempt, on 5xx, 408, 429 and connection failures.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Base delay of the jittered exponential backoff, unless the server sends Retry-After.</summary>
    [Range(1, 60000)]
    public int RetryDelayMilliseconds { get; set; } = 1000;
}
