using Microsoft.Extensions.Logging;
using VambeFunctions.Events.Models;
using VambeFunctions.Processing;

namespace VambeFunctions.Handlers;

/// <summary>A handler that records that the event was handled, with ids only.</summary>
public sealed partial class LoggingHandler<TEvent>(ILogger<LoggingHandler<TEvent>> logger) : IEventHandler<TEvent>
    where TEvent : VambeEvent
{
    public Task HandleAsync(TEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        LogHandled(context.EventId, context.Topic, typeof(TEvent).Name);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information,
        Message = "Logged event {EventId} with topic {Topic} as {Model}")]
    private partial void LogHandled(string eventId, string topic, string model);
}
