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
public sealed class ContactAssignments(TableStorage tables)
{
    private const string RowKey = "default-assignment";

    /// <summary>
    /// Reserves the default assignment of a contact for one event. Returns true when the event
    /// may assign: no assignment within the period, or this same event reserved it on an earlier
    /// attempt. Concurrent events race on the row's ETag, and only one wins.
    /// </summary>
    public async Task<bool> TryReserveAsync(string contactId, string eventId, TimeSpan period, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var partitionKey = EventIds.EncodeSourceId(contactId);
        var table = await tables.GetTableAsync(TableNames.ContactAssignments, cancellationToken);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RowKey, cancellationToken: cancellationToken);
        var row = new TableEntity(partitionKey, RowKey) { ["EventId"] = eventId, ["AssignedAt"] = now };
        try
        {
            if (!existing.HasValue)
            {
                await table.AddEntityAsync(row, cancellationToken);
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

            await table.UpdateEntityAsync(row, current.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }
}
