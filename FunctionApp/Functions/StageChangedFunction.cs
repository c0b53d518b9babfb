using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using VambeFunctions.Events.Models;
using VambeFunctions.Processing;
using VambeFunctions.Storage;

namespace VambeFunctions.Functions;

public sealed class StageChangedFunction(EventProcessor processor)
{
    [Function(nameof(StageChanged))]
    public Task StageChanged(
        [QueueTrigger(QueueNames.StageChanged, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync<StageChangedEvent>(message, QueueNames.StageChanged, cancellationToken);
}
