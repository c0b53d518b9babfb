using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using VambeFunctions.Events.Models;
using VambeFunctions.Processing;
using VambeFunctions.Storage;

namespace VambeFunctions.Functions;

public sealed class ContactCreatedFunction(EventProcessor processor)
{
    [Function(nameof(ContactCreated))]
    public Task ContactCreated(
        [QueueTrigger(QueueNames.ContactCreated, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync<ContactCreatedEvent>(message, QueueNames.ContactCreated, cancellationToken);
}
