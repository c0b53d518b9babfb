using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using VambeFunctions.Storage;

namespace VambeFunctions.Benchmarks.EndToEnd;

/// <summary>Checks and prepares a storage account named by a connection string, without counting its requests.</summary>
public static class StorageAccess
{
    public const string RawTable = "BenchRawClaims";

    /// <summary>Returns the baseline queue that stands beside a topic queue.</summary>
    public static string RawQueueFor(string topicQueue) => "bench-" + topicQueue;

    /// <exception cref="ArgumentException">An endpoint is not on the loopback interface.</exception>
    public static void RequireLoopback(string connectionString)
    {
        Uri[] endpoints =
        [
            new QueueServiceClient(connectionString).Uri,
            new TableServiceClient(connectionString).Uri,
            new BlobServiceClient(connectionString).Uri,
        ];
        foreach (var endpoint in endpoints)
        {
            if (!endpoint.IsLoopback)
            {
                throw new ArgumentException(
                    $"The storage endpoint {endpoint.Host} is not on 127.0.0.1 or localhost. The benchmark runs against a local Azurite only.");
            }
        }
    }

    /// <summary>Deletes the app's and the baseline's queues, tables and containers, as on a fresh account.</summary>
    public static async Task ResetAsync(string connectionString)
    {
        var queues = new QueueServiceClient(connectionString);
        foreach (var queue in QueueNames.All.Concat(QueueNames.Poison).Concat(QueueNames.All.Select(RawQueueFor)))
        {
            await queues.GetQueueClient(queue).DeleteIfExistsAsync();
        }

        var tables = new TableServiceClient(connectionString);
        foreach (var table in TableNames.All.Append(RawTable))
        {
            await tables.DeleteTableAsync(table);
        }

        var blobs = new BlobServiceClient(connectionString);
        foreach (var container in BlobContainerNames.All)
        {
            await blobs.GetBlobContainerClient(container).DeleteIfExistsAsync();
        }
    }
}
