using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using VambeFunctions.Events.Models;
using VambeFunctions.Processing;
using VambeFunctions.Storage;

namespace VambeFunctions.Functions;

public sealed class TicketCreatedFunction(EventProcessor processor)
{
    [Function(nameof(TicketCreated))]
    public Task TicketCreated(
        [QueueTrigger(QueueNames.TicketCreated, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync<TicketCreatedEvent>(message, QueueNames.TicketCreated, cancellationToken);
}
