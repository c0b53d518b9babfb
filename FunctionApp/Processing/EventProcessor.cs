using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VambeFunctions.Events;
using VambeFunctions.Events.Models;
using VambeFunctions.Telemetry;

namespace VambeFunctions.Processing;

/// <summary>
/// Runs one queued event through its topic's handler at most once per event id: reads the
/// envelope, claims the event id, maps the payload to its typed model, calls the handler and
/// records completion. A payload that does not fit its model is archived, not retried.
/// </summary>
public sealed partial class EventProcessor(
    EventClaims claims,
    DeadLetterArchive archive,
    PayloadStore payloads,
    IServiceProvider services,
    AppTelemetry telemetry,
    TimeProvider time,
    ILogger<EventProcessor> logger)
{
    private const string Completed = "completed";
    private const string DeadLettered = "dead-lettered";
    private const string Duplicate = "duplicate";

    public async Task ProcessAsync<TEvent>(QueueMessage message, string queueName, CancellationToken cancellationToken)
        where TEvent : VambeEvent
    {
        if (await ReadEnvelopeAsync(message, queueName, cancellationToken) is not { } envelope)
        {
            return;
        }

        using var activity = StartActivity(envelope);
        var started = time.GetTimestamp();
        var outcome = "failed";
        try
        {
            outcome = await RunAsync<TEvent>(envelope, message, queueName, cancellationToken);
        }
        finally
        {
            RecordDelivery(envelope.Topic, message.DequeueCount, outcome, started);
            activity?.SetTag("vambe.outcome", outcome);
        }
    }

    /// <returns>The outcome: completed, dead-lettered or duplicate. A handler failure throws.</returns>
    private async Task<string> RunAsync<TEvent>(EventEnvelope envelope, QueueMessage message, string queueName,
        CancellationToken cancellationToken)
        where TEvent : VambeEvent
    {
        var claim = await ClaimAsync(envelope, message, cancellationToken);
        if (claim is null)
        {
            return Duplicate;
        }

        try
        {
            envelope = await LoadPayloadAsync(envelope, cancellationToken);
        }
        catch (PayloadMissingException e)
        {
            await DeadLetterAsync(envelope, message, queueName, $"payload-missing: {e.Message}", claim, cancellationToken);
            return DeadLettered;
        }

        var (model, mappingError) = Map<TEvent>(envelope);
        if (model is null)
        {
            await DeadLetterAsync(envelope, message, queueName, $"unmappable: {mappingError}", claim, cancellationToken);
            return DeadLettered;
        }

        var steps = new EventSteps(claims, claim, logger);
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

        await claims.CompleteAsync(claim, cancellationToken);
        await DeletePayloadAsync(envelope, cancellationToken);
        LogCompleted(envelope.EventId, envelope.Topic, claim.Attempts);
        return Completed;
    }

    /// <summary>
    /// Starts the processing span as a child of the ingest span whose context the envelope
    /// carries, linked to the host's invocation span, so one event is one trace.
    /// </summary>
    private static Activity? StartActivity(EventEnvelope envelope)
    {
        ActivityContext.TryParse(envelope.TraceParent, null, out var ingest);
        ActivityLink[]? links = Activity.Current is { } invocation ? [new ActivityLink(invocation.Context)] : null;
        var activity = AppTelemetry.ActivitySource.StartActivity("process event", ActivityKind.Consumer, ingest, links: links);
        activity?.SetTag("vambe.event_id", envelope.EventId);
        activity?.SetTag("vambe.topic", AppTelemetry.TopicTag(envelope.Topic));
        return activity;
    }

    private void RecordDelivery(string topic, long dequeueCount, string outcome, long started)
    {
        var topicTag = new KeyValuePair<string, object?>("topic", AppTelemetry.TopicTag(topic));
        if (dequeueCount > 1)
        {
            telemetry.Redeliveries.Add(1, topicTag);
        }

        telemetry.ProcessingDuration.Record(time.GetElapsedTime(started).TotalMilliseconds, topicTag, new("outcome", outcome));
    }

    /// <summary>Archives an event whose topic has no handler, so it can be replayed once one exists.</summary>
    public async Task ArchiveUnknownAsync(QueueMessage message, string queueName, CancellationToken cancellationToken)
    {
        if (await ReadEnvelopeAsync(message, queueName, cancellationToken) is not { } envelope)
        {
            return;
        }

        var claim = await ClaimAsync(envelope, message, cancellationToken);
        if (claim is not null)
        {
            await DeadLetterAsync(envelope, message, queueName, "unknown-topic: no handler for this topic", claim, cancellationToken);
        }
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

    /// <summary>
    /// Claims the event for this delivery. A duplicate is acknowledged. When the event already
    /// completed, the body this message stored apart, if any, is deleted too.
    /// </summary>
    /// <returns>The claimed record, or null for a duplicate.</returns>
    private async Task<EventRecord?> ClaimAsync(EventEnvelope envelope, QueueMessage message, CancellationToken cancellationToken)
    {
        var claim = await claims.TryClaimAsync(envelope.EventId, envelope.Topic, message.MessageId, message.DequeueCount,
            cancellationToken);
        if (claim.IsClaimed)
        {
            return claim.Record;
        }

        LogDuplicate(envelope.EventId, envelope.Topic, claim.DuplicateKind, message.DequeueCount);
        var kind = claim.DuplicateKind == DuplicateKind.Completed ? "completed" : "claimed";
        telemetry.Duplicates.Add(1, new("topic", AppTelemetry.TopicTag(envelope.Topic)), new("kind", kind));

        // NOTE: a duplicate of an event still in progress keeps its body blob, because a replayed
        // copy shares the blob with the delivery that has the claim. Such a blob is left over.
        if (claim.DuplicateKind == DuplicateKind.Completed)
        {
            await DeletePayloadAsync(envelope, cancellationToken);
        }

        return null;
    }

    private async Task<EventEnvelope> LoadPayloadAsync(EventEnvelope envelope, CancellationToken cancellationToken) =>
        envelope.PayloadBlob is { } name
            ? envelope with { Payload = await payloads.LoadAsync(name, cancellationToken) }
            : envelope;

    private async Task DeletePayloadAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (envelope.PayloadBlob is { } name)
        {
            await payloads.DeleteAsync(name, cancellationToken);
        }
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
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException
            or FormatException or OverflowException or NotSupportedException)
        {
            // A payload that no retry can map: wrong JSON types, duplicate keys or unreadable values.
            return (null, $"{e.GetType().Name}: {e.Message}");
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
        Message = "Handled event {VambeEventId} with topic {Topic} after {Attempts} attempts")]
    private partial void LogCompleted(string vambeEventId, string topic, int attempts);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Skipped duplicate event {VambeEventId} with topic {Topic}: {DuplicateKind} (delivery {DequeueCount})")]
    private partial void LogDuplicate(string vambeEventId, string topic, DuplicateKind duplicateKind, long dequeueCount);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Handler failed for event {VambeEventId} with topic {Topic} on delivery {DequeueCount}; the queue will retry it")]
    private partial void LogHandlerFailed(Exception exception, string vambeEventId, string topic, long dequeueCount);
}
