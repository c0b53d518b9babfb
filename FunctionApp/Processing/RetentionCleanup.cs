using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using VambeFunctions.Storage;

namespace VambeFunctions.Processing;

/// <summary>
/// Deletes dedup rows past their retention. Table Storage has no time-to-live, and a row past
/// <c>ExpiresAt</c> no longer counts for dedup, so removing it changes only the table's size.
/// </summary>
public sealed partial class RetentionCleanup(TableStorage tables, TimeProvider time, ILogger<RetentionCleanup> logger)
{
    /// <returns>The number of rows deleted.</returns>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableNames.Events, cancellationToken);

        // NOTE: ExpiresAt is not a key, so this is a full table scan; it runs once a day.
        var now = time.GetUtcNow();
        var deleted = 0;
        var expired = table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ExpiresAt lt {now}"),
            select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        await foreach (var row in expired)
        {
            await table.DeleteEntityAsync(row, cancellationToken: cancellationToken);
            deleted++;
        }

        LogDeleted(deleted);
        return deleted;
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Deleted {Count} expired dedup rows")]
    private partial void LogDeleted(int count);
}
