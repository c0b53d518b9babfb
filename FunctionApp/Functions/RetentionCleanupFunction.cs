using Microsoft.Azure.Functions.Worker;
using VambeFunctions.Processing;

namespace VambeFunctions.Functions;

public sealed class RetentionCleanupFunction(RetentionCleanup cleanup)
{
    /// <summary>Every day at 03:17 UTC, a quiet time chosen off the hour.</summary>
    public const string Schedule = "0 17 3 * * *";

    [Function(nameof(RetentionCleanup))]
    public Task RetentionCleanup([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        cleanup.DeleteExpiredAsync(cancellationToken);
}
