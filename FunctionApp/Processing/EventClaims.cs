using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using VambeFunctions.Storage;

namespace VambeFunctions.Processing;

/// <summary>
/// The dedup table: one row per event id, claimed with an atomic insert before the handler runs.
/// A row is completed after success, and a row older than the retention counts as absent.
/// </summary>
public sealed class EventClaims(TableStorage tables, IOptions<ProcessingOptions> options, TimeProvider time)
{
    private readonly ProcessingOptions _options = options.Value;

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) =>
        tables.GetTableAsync(TableNames.Events, cancellationToken);

    /// <summary>Claims an event for one delivery, identified by its queue message id and dequeue count.</summary>
    public async Task<ClaimOutcome> TryClaimAsync(string eventId, string topic, string messageId, long dequeueCount,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var record = EventRecord.New(eventId, topic, messageId, now, _options, dequeueCount);
        try
        {
            var table = await TableAsync(cancellationToken);
            var response = await table.AddEntityAsync(record.Entity, cancellationToken);
            return ClaimOutcome.Claimed(record.WithETag(response.Headers.ETag!.Value));
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await ReadAsync(eventId, cancellationToken);
            return existing.ClaimToken == record.ClaimToken
                ? ClaimOutcome.Claimed(existing)
                : await ResolveConflictAsync(existing, messageId, dequeueCount, now, cancellationToken);
        }
    }

    private async Task<EventRecord> ReadAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        return new EventRecord(await table.GetEntityAsync<TableEntity>(eventId, EventRecord.RowKey,
            cancellationToken: cancellationToken));
    }

    private async Task<ClaimOutcome> ResolveConflictAsync(EventRecord existing, string messageId, long dequeueCount,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = existing.ExpiresAt <= now;
        if (!expired && existing.Status == EventStatus.Completed)
        {
            return ClaimOutcome.Duplicate(DuplicateKind.Completed, existing);
        }

        var canTakeOver = expired
            || existing.Status == EventStatus.DeadLettered
            || IsLaterDeliveryOfClaimingMessage(existing, messageId, dequeueCount)
            || existing.LeaseExpiresAt <= now;
        if (!canTakeOver)
        {
            return ClaimOutcome.Duplicate(DuplicateKind.ClaimedByAnotherDelivery, existing);
        }

        var takeover = expired
            ? EventRecord.New(existing.EventId, existing.Topic, messageId, now, _options, dequeueCount)
            : existing.TakeOver(messageId, dequeueCount, now, _options);
        try
        {
            var table = await TableAsync(cancellationToken);
            var response = await table.UpdateEntityAsync(takeover.Entity, existing.ETag, TableUpdateMode.Replace,
                cancellationToken);
            return ClaimOutcome.Claimed(takeover.WithETag(response.Headers.ETag!.Value));
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Either another delivery took the claim between our read and our write, or our own
            // write reached storage and its retry found the ETag changed.
            var current = await ReadAsync(existing.EventId, cancellationToken);
            return current.ClaimToken == takeover.ClaimToken
                ? ClaimOutcome.Claimed(current)
                : ClaimOutcome.Duplicate(DuplicateKind.ClaimedByAnotherDelivery, current);
        }
    }

    /// <summary>
    /// Returns whether this delivery is a redelivery of the message that made the claim. The host
    /// raises the dequeue count on each delivery, so two runs of the same delivery at once cannot
    /// both pass.
    /// </summary>
    private static bool IsLaterDeliveryOfClaimingMessage(EventRecord existing, string messageId, long dequeueCount) =>
        existing.ClaimedBy == messageId && dequeueCount > existing.ClaimedDequeueCount;

    /// <summary>
    /// Records a finished handler step in the event's row. The write is conditional on the
    /// claim's ETag, so a delivery that lost its claim fails here instead of recording for another.
    /// </summary>
    /// <returns>The record with the step and its new ETag.</returns>
    public async Task<EventRecord> RecordStepAsync(EventRecord claim, string step, CancellationToken cancellationToken)
    {
        var steps = string.Join(',', claim.CompletedSteps.Append(step));
        var entity = new TableEntity(claim.EventId, EventRecord.RowKey) { [EventRecord.CompletedStepsColumn] = steps };
        var table = await TableAsync(cancellationToken);
        var response = await table.UpdateEntityAsync(entity, claim.ETag, TableUpdateMode.Merge, cancellationToken);
        var updated = new TableEntity(claim.Entity) { [EventRecord.CompletedStepsColumn] = steps };
        return new EventRecord(updated).WithETag(response.Headers.ETag!.Value);
    }

    /// <summary>
    /// Marks a claimed event as handled. The write is unconditional, because the handler has
    /// already finished, whichever delivery has the claim now.
    /// </summary>
    public Task CompleteAsync(EventRecord claim, CancellationToken cancellationToken) =>
        SetStatusAsync(claim, EventStatus.Completed, cancellationToken);

    /// <summary>Marks an event as archived, so a replay of it can claim it again.</summary>
    public Task MarkDeadLetteredAsync(EventRecord claim, CancellationToken cancellationToken) =>
        SetStatusAsync(claim, EventStatus.DeadLettered, cancellationToken);

    /// <summary>Marks an archived event's row, if the event ever got one, as dead-lettered.</summary>
    public async Task MarkDeadLetteredAsync(string eventId, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(eventId, EventRecord.RowKey) { [EventRecord.StatusColumn] = EventStatus.DeadLettered };
        try
        {
            var table = await TableAsync(cancellationToken);
            await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The event was never claimed, so it has no row to mark.
        }
    }

    public async Task<EventRecord?> FindAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(eventId, EventRecord.RowKey,
            cancellationToken: cancellationToken);
        return response.HasValue ? new EventRecord(response.Value!) : null;
    }

    private async Task SetStatusAsync(EventRecord claim, string status, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(claim.EventId, EventRecord.RowKey)
        {
            [EventRecord.StatusColumn] = status,
            [EventRecord.FinishedAtColumn] = time.GetUtcNow(),
            [EventRecord.LeaseExpiresAtColumn] = time.GetUtcNow(),
        };
        var table = await TableAsync(cancellationToken);
        await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }
}

public enum DuplicateKind
{
    None,
    Completed,
    ClaimedByAnotherDelivery,
}

/// <summary>The result of a claim: the claimed row, or the row that made this delivery a duplicate.</summary>
public sealed record ClaimOutcome(DuplicateKind DuplicateKind, EventRecord Record)
{
    public bool IsClaimed => DuplicateKind == DuplicateKind.None;

    public static ClaimOutcome Claimed(EventRecord record) => new(DuplicateKind.None, record);

    public static ClaimOutcome Duplicate(DuplicateKind kind, EventRecord record) => new(kind, record);
}
