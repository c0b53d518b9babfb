using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using VambeFunctions.Events.Models;
using VambeFunctions.Processing;
using VambeFunctions.Storage;

namespace VambeFunctions.Functions;

public sealed class MessageReceivedFunction(EventProcessor processor)
{
    [Function(nameof(MessageReceived))]
    public Task MessageReceived(
        [QueueTrigger(QueueNames.MessageReceived, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync<MessageReceivedEvent>(message, QueueNames.MessageReceived, cancellationToken);
}
