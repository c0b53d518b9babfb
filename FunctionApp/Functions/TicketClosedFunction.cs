using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using VambeFunctions.Events.Models;
using VambeFunctions.Processing;
using VambeFunctions.Storage;

namespace VambeFunctions.Functions;

public sealed class TicketClosedFunction(EventProcessor processor)
{
    [Function(nameof(TicketClosed))]
    public Task TicketClosed(
        [QueueTrigger(QueueNames.TicketClosed, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync<TicketClosedEvent>(message, QueueNames.TicketClosed, cancellationToken);
}
