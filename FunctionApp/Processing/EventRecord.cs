using Azure;
using Azure.Data.Tables;

namespace VambeFunctions.Processing;

public static class EventStatus
{
    public const string Processing = "Processing";
    public const string Completed = "Completed";
    public const string DeadLettered = "DeadLettered";
}

/// <summary>
/// A row of the dedup table. The partition key is the event id and the row key is fixed, so
/// each lookup is a point read.
/// </summary>
public sealed class EventRecord(TableEntity entity)
{
    public const string RowKey = "event";
    public const string StatusColumn = "Status";
    public const string FinishedAtColumn = "FinishedAt";
    public const string LeaseExpiresAtColumn = "LeaseExpiresAt";
    public const string CompletedStepsColumn = "CompletedSteps";
    public const string ClaimedDequeueCountColumn = "ClaimedDequeueCount";
    public const string ClaimTokenColumn = "ClaimToken";

    public TableEntity Entity { get; } = entity;

    public string EventId => Entity.PartitionKey;

    public string Topic => Entity.GetString("Topic") ?? "";

    public string Status => Entity.GetString(StatusColumn) ?? EventStatus.Processing;

    /// <summary>The queue message id of the delivery that has the claim.</summary>
    public string? ClaimedBy => Entity.GetString("ClaimedBy");

    /// <summary>
    /// A value unique to each claim write, so a delivery whose write reached storage but whose
    /// response was lost (and retried by the SDK) recognizes the row as its own.
    /// </summary>
    public string? ClaimToken => Entity.GetString(ClaimTokenColumn);

    /// <summary>The dequeue count of the delivery that has the claim.</summary>
    public long ClaimedDequeueCount => Entity.GetInt64(ClaimedDequeueCountColumn) ?? 0;

    public int Attempts => Entity.GetInt32("Attempts") ?? 0;

    public DateTimeOffset FirstSeenAt => Entity.GetDateTimeOffset("FirstSeenAt") ?? DateTimeOffset.MinValue;

    public DateTimeOffset LeaseExpiresAt => Entity.GetDateTimeOffset(LeaseExpiresAtColumn) ?? DateTimeOffset.MinValue;

    public DateTimeOffset? FinishedAt => Entity.GetDateTimeOffset(FinishedAtColumn);

    /// <summary>When the row stops counting for dedup.</summary>
    public DateTimeOffset ExpiresAt => Entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MaxValue;

    public ETag ETag => Entity.ETag;

    /// <summary>Handler steps that finished on an earlier attempt, so a retry skips them.</summary>
    public IReadOnlyList<string> CompletedSteps =>
        (Entity.GetString(CompletedStepsColumn) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static EventRecord New(string eventId, string topic, string messageId, DateTimeOffset now,
        ProcessingOptions options, long dequeueCount = 1) =>
        new(new TableEntity(eventId, RowKey)
        {
            ["Topic"] = topic,
            [StatusColumn] = EventStatus.Processing,
            ["ClaimedBy"] = messageId,
            [ClaimedDequeueCountColumn] = dequeueCount,
            [ClaimTokenColumn] = Guid.NewGuid().ToString("N"),
            ["Attempts"] = 1,
            ["FirstSeenAt"] = now,
            [LeaseExpiresAtColumn] = now.AddSeconds(options.ClaimLeaseSeconds),
            ["ExpiresAt"] = now.AddDays(options.DedupRetentionDays),
        });

    /// <summary>Returns a copy claimed by another delivery, with one more attempt counted.</summary>
    public EventRecord TakeOver(string messageId, long dequeueCount, DateTimeOffset now, ProcessingOptions options)
    {
        var entity = new TableEntity(Entity)
        {
            [StatusColumn] = EventStatus.Processing,
            ["ClaimedBy"] = messageId,
            [ClaimedDequeueCountColumn] = dequeueCount,
            [ClaimTokenColumn] = Guid.NewGuid().ToString("N"),
            ["Attempts"] = Attempts + 1,
            [LeaseExpiresAtColumn] = now.AddSeconds(options.ClaimLeaseSeconds),
        };
        entity.Remove(FinishedAtColumn);
        return new EventRecord(entity);
    }

    public EventRecord WithETag(ETag etag)
    {
        var entity = new TableEntity(Entity) { ETag = etag };
        return new EventRecord(entity);
    }
}
