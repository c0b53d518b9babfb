using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using VambeFunctions.Events;
using VambeFunctions.Storage;

namespace VambeFunctions.Ingest;

/// <summary>
/// Sends event envelopes to their topic's queue. A body too large for a queue message is stored
/// as a blob first and the message carries its name. A queue or container that does not exist
/// yet is created on the first write that finds it missing, so the happy path costs one storage
/// request, or two for a large body.
/// </summary>
public sealed class EventQueueWriter(IngestStorageClients storage)
{
    /// <summary>Time-to-live that makes a queue message never expire.</summary>
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private static readonly BlobUploadOptions PayloadUpload = new()
    {
        HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
    };

    public async Task SendAsync(string queueName, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        var message = envelope.Serialize();
        if (message.ToMemory().Length > EventEnvelope.MaxQueueMessageBytes)
        {
            var blobName = $"{envelope.EventId}/{Guid.NewGuid():N}.json";
            var container = storage.Blobs.GetBlobContainerClient(BlobContainerNames.Payloads);
            await BlobStorage.UploadAsync(container, blobName, new BinaryData(envelope.Payload), PayloadUpload, cancellationToken);
            message = (envelope with { Payload = default, PayloadBlob = blobName }).Serialize();
        }

        var queue = storage.Queues.GetQueueClient(queueName);
        try
        {
            await queue.SendMessageAsync(message, timeToLive: NeverExpires, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queue.SendMessageAsync(message, timeToLive: NeverExpires, cancellationToken: cancellationToken);
        }
    }
}

/// <summary>
/// The storage clients of the ingest path, with timeouts and retries short enough to respond to
/// Vambe inside its 5-second deadline.
/// </summary>
public sealed record IngestStorageClients(QueueServiceClient Queues, BlobServiceClient Blobs);
