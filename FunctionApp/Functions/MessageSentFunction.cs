using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using VambeFunctions.Events.Models;
using VambeFunctions.Processing;
using VambeFunctions.Storage;

namespace VambeFunctions.Functions;

public sealed class MessageSentFunction(EventProcessor processor)
{
    [Function(nameof(MessageSent))]
    public Task MessageSent(
        [QueueTrigger(QueueNames.MessageSent, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync<MessageSentEvent>(message, QueueNames.MessageSent, cancellationToken);
}
