using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using VambeFunctions.Events;

namespace VambeFunctions.Ingest;

/// <summary>
/// Sends event envelopes to their topic's queue. A queue that does not exist yet is created on
/// the first send that finds it missing, so the happy path costs one storage request.
/// </summary>
public sealed class EventQueueWriter(IngestQueueServiceClient queues)
{
    /// <summary>Time-to-live that makes a queue message never expire.</summary>
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    public async Task SendAsync(string queueName, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        var queue = queues.Client.GetQueueClient(queueName);
        var message = envelope.Serialize();
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
/// The queue client of the ingest path, with timeouts and retries short enough to answer
/// Vambe inside its 5-second deadline.
/// </summary>
public sealed record IngestQueueServiceClient(QueueServiceClient Client);
