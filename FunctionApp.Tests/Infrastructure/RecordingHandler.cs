using System.Collections.Concurrent;
using VambeFunctions.Events.Models;
using VambeFunctions.Processing;

namespace VambeFunctions.Tests.Infrastructure;

/// <summary>A handler fake that records each call and can be set to fail.</summary>
public sealed class RecordingHandler<TEvent> : IEventHandler<TEvent>
    where TEvent : VambeEvent
{
    private readonly ConcurrentQueue<(TEvent Event, EventContext Context)> _calls = new();

    public IReadOnlyList<(TEvent Event, EventContext Context)> Calls => [.. _calls];

    /// <summary>When set, every call records itself and then throws this exception.</summary>
    public Exception? FailWith { get; set; }

    public Task HandleAsync(TEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        _calls.Enqueue((@event, context));
        return FailWith is null ? Task.CompletedTask : Task.FromException(FailWith);
    }
}
