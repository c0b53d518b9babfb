using VambeFunctions.Events.Models;

namespace VambeFunctions.Processing;

/// <summary>
/// Handles the events of one topic. An exception makes the queue deliver the event again, and
/// after the last attempt the event is archived as a dead letter.
/// </summary>
public interface IEventHandler<in TEvent>
    where TEvent : VambeEvent
{
    Task HandleAsync(TEvent @event, EventContext context, CancellationToken cancellationToken);
}

/// <summary>Delivery details passed to a handler besides the event's own fields.</summary>
/// <param name="Attempt">The queue's dequeue count: 1 on the first delivery.</param>
/// <param name="Steps">Runs each side effect once per event, across retries.</param>
public sealed record EventContext(string EventId, string Topic, DateTimeOffset ReceivedAt, long Attempt, EventSteps Steps);
