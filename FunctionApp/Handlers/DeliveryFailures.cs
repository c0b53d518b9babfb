using Azure.Data.Tables;
using VambeFunctions.Storage;

namespace VambeFunctions.Handlers;

/// <summary>A sent message that Vambe reported as failed, with its error codes and titles.</summary>
public sealed record DeliveryFailure(
    string EventId,
    string? MessageId,
    string? AiContactId,
    IReadOnlyList<string> ErrorCodes,
    IReadOnlyList<string> ErrorTitles,
    DateTimeOffset ReceivedAt);

/// <summary>
/// The delivery-failure table: partitioned by the UTC day the failure was received (yyyy-MM-dd),
/// one row per event id, so a day's failures are one partition query.
/// </summary>
public sealed class DeliveryFailures(TableStorage tables)
{
    /// <summary>Writes a failure. Writing the same event again replaces its row, so a retry adds nothing.</summary>
    public async Task RecordAsync(DeliveryFailure failure, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(PartitionKey(failure.ReceivedAt), failure.EventId)
        {
            ["MessageId"] = TableValues.Limit(failure.MessageId),
            ["AiContactId"] = TableValues.Limit(failure.AiContactId),
            ["ErrorCodes"] = TableValues.Limit(string.Join(',', failure.ErrorCodes)),
            ["ErrorTitles"] = TableValues.Limit(string.Join(" | ", failure.ErrorTitles)),
            ["ReceivedAt"] = failure.ReceivedAt,
        };
        var table = await tables.GetTableAsync(TableNames.DeliveryFailures, cancellationToken);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<TableEntity?> FindAsync(DateTimeOffset receivedAt, string eventId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableNames.DeliveryFailures, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(receivedAt), eventId,
            cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    public static string PartitionKey(DateTimeOffset receivedAt) => receivedAt.UtcDateTime.ToString("yyyy-MM-dd");
}
