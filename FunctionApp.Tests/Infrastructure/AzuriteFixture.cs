using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using VambeFunctions.Extensions;
using VambeFunctions.Storage;

namespace VambeFunctions.Tests.Infrastructure;

/// <summary>
/// The Azurite instance the tests run against, named by AZURITE_CONNECTION_STRING, which
/// scripts/test.sh sets after starting one.
/// </summary>
public sealed class AzuriteFixture
{
    public const string ConnectionStringVariable = "AZURITE_CONNECTION_STRING";

    public AzuriteFixture()
    {
        ConnectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable)
            ?? throw new InvalidOperationException(
                $"{ConnectionStringVariable} is not set. Run the tests with scripts/test.sh, which starts Azurite.");
        Queues = new QueueServiceClient(ConnectionString, ServiceCollectionExtensions.IngestQueueOptions());
        Tables = new TableServiceClient(ConnectionString);
        Blobs = new BlobServiceClient(ConnectionString);
    }

    public string ConnectionString { get; }

    /// <summary>A queue client that encodes messages as the host expects (base64).</summary>
    public QueueServiceClient Queues { get; }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    /// <summary>Deletes every queue, table and container the app uses, as on a fresh account.</summary>
    public async Task ResetAsync()
    {
        foreach (var queue in QueueNames.All.Concat(QueueNames.Poison))
        {
            await Queues.GetQueueClient(queue).DeleteIfExistsAsync();
        }

        foreach (var table in TableNames.All)
        {
            await Tables.DeleteTableAsync(table);
        }

        foreach (var container in BlobContainerNames.All)
        {
            await Blobs.GetBlobContainerClient(container).DeleteIfExistsAsync();
        }
    }
}

/// <summary>Tests that share the Azurite account run one at a time, because they share its queues.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
