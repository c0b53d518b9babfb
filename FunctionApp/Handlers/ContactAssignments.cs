using Azure;
using Azure.Data.Tables;
using VambeFunctions.Ingest;
using VambeFunctions.Storage;

namespace VambeFunctions.Handlers;

/// <summary>
/// Tracks when each contact last got the default team member, so it is assigned at most once per
/// contact within a period and chats already in an agent's hands are not taken away on every
/// message. Partition key: the encoded contact id.
/// </summary>
public sealed class ContactAssignments(TableServiceClient tables)
{
    private const string RowKey = "default-assignment";

    private readonly TableClient _table = tables.GetTableClient(TableNames.ContactAssignments);

    /// <summary>
    /// Reserves the default assignment of a contact for one event. Returns true when the event
    /// may assign: no assignment within the period, or this same event reserved it on an earlier
    /// attempt. Concurrent events race on the row's ETag, and only one wins.
    /// </summary>
    public async Task<bool> TryReserveAsync(string contactId, string eventId, TimeSpan period, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var partitionKey = EventIds.EncodeSourceId(contactId);
        var existing = await TableStorage.WithTableAsync(_table,
            () => _table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RowKey, cancellationToken: cancellationToken),
            cancellationToken);
        var row = new TableEntity(partitionKey, RowKey) { ["EventId"] = eventId, ["AssignedAt"] = now };
        try
        {
            if (!existing.HasValue)
            {
                await _table.AddEntityAsync(row, cancellationToken);
                return true;
            }

            var current = existing.Value!;
            if (current.GetString("EventId") == eventId)
            {
                return true;
            }

            if (current.GetDateTimeOffset("AssignedAt") > now - period)
            {
                return false;
            }

            await _table.UpdateEntityAsync(row, current.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }
}
