using Azure;
using Azure.Data.Tables;
using VambeFunctions.Ingest;
using VambeFunctions.Storage;

namespace VambeFunctions.Telemetry;

/// <summary>The result of a health check: each dependency is <c>ok</c> or <c>unreachable</c>.</summary>
public sealed record HealthReport(bool Healthy, IReadOnlyDictionary<string, string> Checks);

/// <summary>
/// Checks that the queue and table services respond, for uptime probes. Any response counts as
/// reachable, a missing queue or table included; a timeout or connection failure does not.
/// </summary>
public sealed class HealthCheck(IngestStorageClients ingestStorage, TableServiceClient tables)
{
    /// <summary>Time each check may take, within a typical probe's 5-second timeout.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var queues = ProbeAsync(token => ingestStorage.Queues.GetQueueClient(QueueNames.UnknownTopic).ExistsAsync(token),
            cancellationToken);
        var table = ProbeAsync(async token =>
        {
            var query = tables.GetTableClient(TableNames.Events).QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"],
                cancellationToken: token);
            await foreach (var _ in query.AsPages().WithCancellation(token))
            {
                break;
            }
        }, cancellationToken);

        var checks = new Dictionary<string, string>
        {
            ["queues"] = await queues ? "ok" : "unreachable",
            ["tables"] = await table ? "ok" : "unreachable",
        };
        return new HealthReport(checks.Values.All(value => value == "ok"), checks);
    }

    private static async Task<bool> ProbeAsync(Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await probe(timeout.Token);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is > 0 and < 500)
        {
            // The service answered, for example that the table does not exist yet.
            return true;
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or AggregateException or IOException)
        {
            return false;
        }
    }
}
