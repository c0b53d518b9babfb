using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using VambeFunctions.Functions;
using VambeFunctions.Ingest;
using VambeFunctions.Processing;
using VambeFunctions.Storage;

namespace VambeFunctions.Tests.Infrastructure;

/// <summary>
/// Drives events through the app as the Functions host would: ingest through the ingest service,
/// then each queue's messages to the function class bound to it.
/// </summary>
public sealed class Pipeline(TestApp app, AzuriteFixture azurite)
{
    private readonly QueueHost _host = new(azurite.Queues);

    /// <summary>Ingests a body with the test secret, asserts it was accepted and returns its event id.</summary>
    public async Task<string> IngestAsync(byte[] body)
    {
        var response = await app.Get<IngestService>().HandleAsync(Requests.Json(body), CancellationToken.None);
        Assert.True(response.StatusCode == 200, $"ingest returned {response.StatusCode}: {Encoding.UTF8.GetString(response.Body)}");
        return JsonDocument.Parse(response.Body).RootElement.GetProperty("eventId").GetString()!;
    }

    public Task<string> IngestAsync(string body) => IngestAsync(Encoding.UTF8.GetBytes(body));

    /// <summary>Delivers a topic queue's messages to the function that the host binds to it.</summary>
    public Task<int> DrainAsync(string queueName, int maxDeliveries = 1000) => queueName switch
    {
        QueueNames.MessageReceived => _host.DrainAsync(queueName, app.Create<MessageReceivedFunction>().MessageReceived, maxDeliveries),
        QueueNames.MessageSent => _host.DrainAsync(queueName, app.Create<MessageSentFunction>().MessageSent, maxDeliveries),
        QueueNames.TicketCreated => _host.DrainAsync(queueName, app.Create<TicketCreatedFunction>().TicketCreated, maxDeliveries),
        QueueNames.TicketUpdated => _host.DrainAsync(queueName, app.Create<TicketUpdatedFunction>().TicketUpdated, maxDeliveries),
        QueueNames.TicketClosed => _host.DrainAsync(queueName, app.Create<TicketClosedFunction>().TicketClosed, maxDeliveries),
        QueueNames.ContactCreated => _host.DrainAsync(queueName, app.Create<ContactCreatedFunction>().ContactCreated, maxDeliveries),
        QueueNames.ContactUpdated => _host.DrainAsync(queueName, app.Create<ContactUpdatedFunction>().ContactUpdated, maxDeliveries),
        QueueNames.StageChanged => _host.DrainAsync(queueName, app.Create<StageChangedFunction>().StageChanged, maxDeliveries),
        QueueNames.UnknownTopic => _host.DrainAsync(queueName, app.Create<UnknownTopicFunction>().UnknownTopic, maxDeliveries),
        _ => throw new ArgumentOutOfRangeException(nameof(queueName), queueName, "No function reads this queue."),
    };

    /// <summary>Moves a topic queue's poison messages into the archive through the dead-letter function.</summary>
    public Task<int> DrainPoisonAsync(string queueName)
    {
        var functions = app.Create<DeadLetterFunctions>();
        var poisonQueue = queueName + QueueNames.PoisonSuffix;
        return queueName switch
        {
            QueueNames.MessageReceived => _host.DrainAsync(poisonQueue, functions.MessageReceivedDeadLetter),
            QueueNames.MessageSent => _host.DrainAsync(poisonQueue, functions.MessageSentDeadLetter),
            QueueNames.TicketCreated => _host.DrainAsync(poisonQueue, functions.TicketCreatedDeadLetter),
            QueueNames.StageChanged => _host.DrainAsync(poisonQueue, functions.StageChangedDeadLetter),
            _ => throw new ArgumentOutOfRangeException(nameof(queueName), queueName, "Add the queue's dead-letter function here."),
        };
    }

    /// <summary>Counts a queue's messages, beyond the 32 that one peek returns.</summary>
    public async Task<int> CountAllAsync(string queueName)
    {
        var queue = azurite.Queues.GetQueueClient(queueName);
        return await queue.ExistsAsync() ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
    }

    public async Task<int> CountAsync(string queueName)
    {
        var queue = azurite.Queues.GetQueueClient(queueName);
        return await queue.ExistsAsync() ? (await queue.PeekMessagesAsync(32)).Value.Length : 0;
    }

    public async Task<(IDictionary<string, string> Metadata, BinaryData Content)> ReadArchiveAsync(string sourceQueue, string eventId)
    {
        var blob = azurite.Blobs.GetBlobContainerClient(BlobContainerNames.DeadLetters)
            .GetBlobClient(DeadLetterArchive.BlobName(sourceQueue, eventId));
        BlobDownloadResult download = (await blob.DownloadContentAsync()).Value;
        return (download.Details.Metadata, download.Content);
    }
}
