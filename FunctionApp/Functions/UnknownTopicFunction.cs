using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using VambeFunctions.Processing;
using VambeFunctions.Storage;

namespace VambeFunctions.Functions;

/// <summary>Archives events whose topic has no handler, so they can be replayed once one exists.</summary>
public sealed class UnknownTopicFunction(EventProcessor processor)
{
    [Function(nameof(UnknownTopic))]
    public Task UnknownTopic(
        [QueueTrigger(QueueNames.UnknownTopic, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ArchiveUnknownAsync(message, QueueNames.UnknownTopic, cancellationToken);
}
