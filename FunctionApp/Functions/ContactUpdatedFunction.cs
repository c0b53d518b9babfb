using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using VambeFunctions.Events.Models;
using VambeFunctions.Processing;
using VambeFunctions.Storage;

namespace VambeFunctions.Functions;

public sealed class ContactUpdatedFunction(EventProcessor processor)
{
    [Function(nameof(ContactUpdated))]
    public Task ContactUpdated(
        [QueueTrigger(QueueNames.ContactUpdated, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync<ContactUpdatedEvent>(message, QueueNames.ContactUpdated, cancellationToken);
}
