using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VambeFunctions.Events;
using VambeFunctions.Events.Models;

namespace VambeFunctions.Processing;

/// <summary>
/// Runs one queued event through its topic's handler at most once per event id: reads the
/// envelope, claims the event id, maps the payload to its typed model, calls the handler and
/// records completion. A payload that does not fit its model is archived, not retried.
/// </summary>
public sealed partial class EventProcessor(
    EventClaims claims,
    DeadLetterArchive archive,
    IServiceProvider services,
    ILogger<EventProcessor> logger)
{
    public async Task ProcessAsync<TEvent>(QueueMessage message, string queueName, CancellationToken cancellationToken)
        where TEvent : VambeEvent
    {
        if (await ReadEnvelopeAsync(message, queueName, cancellationToken) is not { } envelope)
        {
            return;
        }

        var claim = await claims.TryClaimAsync(envelope.EventId, envelope.Topic, message.MessageId, cancellationToken);
        if (!claim.IsClaimed)
        {
            LogDuplicate(envelope.EventId, envelope.Topic, claim.DuplicateKind, message.DequeueCount);
            return;
        }

        var (model, mappingError) = Map<TEvent>(envelope);
        if (model is null)
        {
            await DeadLetterAsync(envelope, message, queueName, $"unmappable: {mappingError}", claim.Record, cancellationToken);
            return;
        }

        var steps = new EventSteps(claims, claim.Record, logger);
        var context = new EventContext(envelope.EventId, envelope.Topic, envelope.ReceivedAt, message.DequeueCount, steps);
        try
        {
            await services.GetRequiredService<IEventHandler<TEvent>>().HandleAsync(model, context, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogHandlerFailed(e, envelope.EventId, envelope.Topic, message.DequeueCount);
            throw;
        }

        await claims.CompleteAsync(claim.Record, cancellationToken);
        LogCompleted(envelope.EventId, envelope.Topic, claim.Record.Attempts);
    }

    /// <summary>Archives an event whose topic has no handler, so it can be replayed once one exists.</summary>
    public async Task ArchiveUnknownAsync(QueueMessage message, string queueName, CancellationToken cancellationToken)
    {
        if (await ReadEnvelopeAsync(message, queueName, cancellationToken) is not { } envelope)
        {
            return;
        }

        var claim = await claims.TryClaimAsync(envelope.EventId, envelope.Topic, message.MessageId, cancellationToken);
        if (!claim.IsClaimed)
        {
            LogDuplicate(envelope.EventId, envelope.Topic, claim.DuplicateKind, message.DequeueCount);
            return;
        }

        await DeadLetterAsync(envelope, message, queueName, "unknown-topic: no handler for this topic", claim.Record,
            cancellationToken);
    }

    /// <summary>Moves a message from a poison queue into the archive, unchanged.</summary>
    public async Task ArchivePoisonAsync(QueueMessage message, string poisonQueueName, CancellationToken cancellationToken)
    {
        var (eventId, topic) = TryReadIds(message);
        var reason = "poison: the handler failed on every delivery up to maxDequeueCount";
        await archive.ArchiveAsync(new DeadLetter(eventId, topic, poisonQueueName, reason, message.DequeueCount, message.Body),
            cancellationToken);
        await claims.MarkDeadLetteredAsync(eventId, cancellationToken);
    }

    private async Task<EventEnvelope?> ReadEnvelopeAsync(QueueMessage message, string queueName, CancellationToken cancellationToken)
    {
        try
        {
            return EventEnvelope.Parse(message.Body);
        }
        catch (InvalidEnvelopeException e)
        {
            var deadLetter = new DeadLetter(UnreadableEventId(message), "unknown", queueName,
                $"invalid-envelope: {e.Message}", message.DequeueCount, message.Body);
            await archive.ArchiveAsync(deadLetter, cancellationToken);
            return null;
        }
    }

    private async Task DeadLetterAsync(EventEnvelope envelope, QueueMessage message, string queueName, string reason,
        EventRecord claim, CancellationToken cancellationToken)
    {
        var deadLetter = new DeadLetter(envelope.EventId, envelope.Topic, queueName, reason, message.DequeueCount, message.Body);
        await archive.ArchiveAsync(deadLetter, cancellationToken);
        await claims.MarkDeadLetteredAsync(claim, cancellationToken);
    }

    private static (TEvent? Model, string? Error) Map<TEvent>(EventEnvelope envelope)
        where TEvent : VambeEvent
    {
        try
        {
            var model = JsonSerializer.Deserialize<TEvent>(envelope.Payload.Span, EventJson.Options);
            var error = model is null ? "The payload is null." : model.FindMappingError();
            return error is null ? (model, null) : (null, error);
        }
        catch (JsonException e)
        {
            return (null, $"{e.Message}");
        }
    }

    private static (string EventId, string Topic) TryReadIds(QueueMessage message)
    {
        try
        {
            var envelope = EventEnvelope.Parse(message.Body);
            return (envelope.EventId, envelope.Topic);
        }
        catch (InvalidEnvelopeException)
        {
            return (UnreadableEventId(message), "unknown");
        }
    }

    private static string UnreadableEventId(QueueMessage message) => $"unreadable-{message.MessageId}";

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information,
        Message = "Handled event {EventId} with topic {Topic} after {Attempts} attempts")]
    private partial void LogCompleted(string eventId, string topic, int attempts);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Skipped duplicate event {EventId} with topic {Topic}: {DuplicateKind} (delivery {DequeueCount})")]
    private partial void LogDuplicate(string eventId, string topic, DuplicateKind duplicateKind, long dequeueCount);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Handler failed for event {EventId} with topic {Topic} on delivery {DequeueCount}; the queue will retry it")]
    private partial void LogHandlerFailed(Exception exception, string eventId, string topic, long dequeueCount);
}
