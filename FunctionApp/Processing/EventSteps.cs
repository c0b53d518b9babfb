using Microsoft.Extensions.Logging;

namespace VambeFunctions.Processing;

/// <summary>
/// Runs each side effect of a handler at most once per event: a step that finished on an earlier
/// attempt is skipped, and a step is recorded in the event's row as soon as it finishes.
/// </summary>
/// <remarks>
/// A crash between a call and its record repeats that one call on the next attempt. Calls that
/// take an idempotency key get the event id, so their receiver can drop the repeat.
/// </remarks>
public sealed partial class EventSteps(EventClaims claims, EventRecord claim, ILogger logger)
{
    private EventRecord _record = claim;

    public IReadOnlyList<string> Completed => _record.CompletedSteps;

    public async Task RunOnceAsync(string step, Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        if (_record.CompletedSteps.Contains(step))
        {
            LogSkipped(_record.EventId, step);
            return;
        }

        await action(cancellationToken);
        _record = await claims.RecordStepAsync(_record, step, cancellationToken);
        LogCompleted(_record.EventId, step);
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Completed step {Step} of event {VambeEventId}")]
    private partial void LogCompleted(string vambeEventId, string step);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information,
        Message = "Skipped step {Step} of event {VambeEventId}: it completed on an earlier attempt")]
    private partial void LogSkipped(string vambeEventId, string step);
}
