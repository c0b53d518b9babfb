using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using VambeFunctions.Processing;
using VambeFunctions.Storage;

namespace VambeFunctions.Functions;

/// <summary>
/// One function per poison queue. The host moves a message there after maxDequeueCount failed
/// deliveries, and poison messages expire after 7 days, so each is moved into the archive.
/// </summary>
public sealed class DeadLetterFunctions(EventProcessor processor)
{
    [Function("MessageReceivedDeadLetter")]
    public Task MessageReceivedDeadLetter(
        [QueueTrigger(QueueNames.MessageReceived + QueueNames.PoisonSuffix, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ArchivePoisonAsync(message, QueueNames.MessageReceived + QueueNames.PoisonSuffix, cancellationToken);

    [Function("MessageSentDeadLetter")]
    public Task MessageSentDeadLetter(
        [QueueTrigger(QueueNames.MessageSent + QueueNames.PoisonSuffix, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ArchivePoisonAsync(message, QueueNames.MessageSent + QueueNames.PoisonSuffix, cancellationToken);

    [Function("TicketCreatedDeadLetter")]
    public Task TicketCreatedDeadLetter(
        [QueueTrigger(QueueNames.TicketCreated + QueueNames.PoisonSuffix, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ArchivePoisonAsync(message, QueueNames.TicketCreated + QueueNames.PoisonSuffix, cancellationToken);

    [Function("TicketUpdatedDeadLetter")]
    public Task TicketUpdatedDeadLetter(
        [QueueTrigger(QueueNames.TicketUpdated + QueueNames.PoisonSuffix, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ArchivePoisonAsync(message, QueueNames.TicketUpdated + QueueNames.PoisonSuffix, cancellationToken);

    [Function("TicketClosedDeadLetter")]
    public Task TicketClosedDeadLetter(
        [QueueTrigger(QueueNames.TicketClosed + QueueNames.PoisonSuffix, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ArchivePoisonAsync(message, QueueNames.TicketClosed + QueueNames.PoisonSuffix, cancellationToken);

    [Function("ContactCreatedDeadLetter")]
    public Task ContactCreatedDeadLetter(
        [QueueTrigger(QueueNames.ContactCreated + QueueNames.PoisonSuffix, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ArchivePoisonAsync(message, QueueNames.ContactCreated + QueueNames.PoisonSuffix, cancellationToken);

    [Function("ContactUpdatedDeadLetter")]
    public Task ContactUpdatedDeadLetter(
        [QueueTrigger(QueueNames.ContactUpdated + QueueNames.PoisonSuffix, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ArchivePoisonAsync(message, QueueNames.ContactUpdated + QueueNames.PoisonSuffix, cancellationToken);

    [Function("StageChangedDeadLetter")]
    public Task StageChangedDeadLetter(
        [QueueTrigger(QueueNames.StageChanged + QueueNames.PoisonSuffix, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ArchivePoisonAsync(message, QueueNames.StageChanged + QueueNames.PoisonSuffix, cancellationToken);

    [Function("UnknownTopicDeadLetter")]
    public Task UnknownTopicDeadLetter(
        [QueueTrigger(QueueNames.UnknownTopic + QueueNames.PoisonSuffix, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ArchivePoisonAsync(message, QueueNames.UnknownTopic + QueueNames.PoisonSuffix, cancellationToken);
}
