using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using VambeFunctions.Events.Models;
using VambeFunctions.Processing;
using VambeFunctions.Storage;

namespace VambeFunctions.Functions;

public sealed class TicketUpdatedFunction(EventProcessor processor)
{
    [Function(nameof(TicketUpdated))]
    public Task TicketUpdated(
        [QueueTrigger(QueueNames.TicketUpdated, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync<TicketUpdatedEvent>(message, QueueNames.TicketUpdated, cancellationToken);
}
