using System.Globalization;
using Azure.Data.Tables;
using VambeFunctions.Ingest;
using VambeFunctions.Storage;

namespace VambeFunctions.Handlers;

/// <summary>One move of a contact between pipeline stages.</summary>
public sealed record StageTransition(
    string EventId,
    string? PipelineId,
    string? ContactId,
    string? FromStageId,
    string? ToStageId,
    string? ChangedBy,
    DateTimeOffset OccurredAt);

/// <summary>
/// The funnel table: one row per transition, partitioned by pipeline, with a row key that sorts
/// by time, so a partition query returns a pipeline's transitions in time order.
/// </summary>
public sealed class StageTransitions(TableStorage tables)
{
    /// <summary>Partition of transitions whose event names no pipeline.</summary>
    public const string NoPipeline = "no-pipeline";

    /// <summary>Writes a transition. Writing the same event again replaces its row, so a retry adds nothing.</summary>
    public async Task RecordAsync(StageTransition transition, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(PartitionKey(transition.PipelineId), RowKey(transition.OccurredAt, transition.EventId))
        {
            ["EventId"] = transition.EventId,
            ["PipelineId"] = TableValues.Limit(transition.PipelineId),
            ["ContactId"] = TableValues.Limit(transition.ContactId),
            ["FromStageId"] = TableValues.Limit(transition.FromStageId),
            ["ToStageId"] = TableValues.Limit(transition.ToStageId),
            ["ChangedBy"] = TableValues.Limit(transition.ChangedBy),
            ["OccurredAt"] = transition.OccurredAt,
        };
        var table = await tables.GetTableAsync(TableNames.StageTransitions, cancellationToken);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Returns a pipeline's transitions, oldest first.</summary>
    public async IAsyncEnumerable<StageTransition> ListAsync(string? pipelineId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.StageTransitions, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(pipelineId)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return new StageTransition(row.GetString("EventId"), row.GetString("PipelineId"), row.GetString("ContactId"),
                row.GetString("FromStageId"), row.GetString("ToStageId"), row.GetString("ChangedBy"),
                row.GetDateTimeOffset("OccurredAt") ?? DateTimeOffset.MinValue);
        }
    }

    private static string PartitionKey(string? pipelineId) =>
        string.IsNullOrEmpty(pipelineId) ? NoPipeline : EventIds.EncodeSourceId(pipelineId);

    /// <summary>UTC ticks, zero-padded to 19 digits so text order is time order, then the event id.</summary>
    private static string RowKey(DateTimeOffset occurredAt, string eventId) =>
        $"{occurredAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}_{eventId}";
}
