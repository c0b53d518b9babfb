using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VambeFunctions.Ingest;

/// <summary>
/// Logs rejected webhooks at Warning without flooding the log. The first rejection of each
/// reason in a one-minute window is logged with its client address. The rest of that window are
/// counted, and the count is logged as one line when the next rejection of that reason arrives.
/// </summary>
public sealed partial class RejectionLog(TimeProvider time, ILogger<RejectionLog> logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, WindowCount> _windows = new(StringComparer.Ordinal);

    public void Rejected(int statusCode, string reason, string? clientAddress)
    {
        var now = time.GetUtcNow();
        var window = _windows.GetOrAdd(reason, _ => new WindowCount(now));
        lock (window)
        {
            if (now - window.Start < Window && window.Logged)
            {
                window.Suppressed++;
                return;
            }

            if (window.Suppressed > 0)
            {
                LogSuppressed(window.Suppressed, reason, (int)Window.TotalSeconds);
            }

            window.Start = now;
            window.Suppressed = 0;
            window.Logged = true;
        }

        LogRejected(statusCode, reason, clientAddress ?? "unknown");
    }

    private sealed class WindowCount(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; set; } = start;

        public bool Logged { get; set; }

        public int Suppressed { get; set; }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Rejected webhook with status {StatusCode}: {Reason} (client {ClientAddress})")]
    private partial void LogRejected(int statusCode, string reason, string clientAddress);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Rejected {Count} more webhooks with reason {Reason} within {WindowSeconds} seconds")]
    private partial void LogSuppressed(int count, string reason, int windowSeconds);
}
