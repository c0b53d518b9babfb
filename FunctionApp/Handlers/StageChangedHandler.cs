using Microsoft.Extensions.Options;
using VambeFunctions.Events.Models;
using VambeFunctions.Integrations;
using VambeFunctions.Processing;

namespace VambeFunctions.Handlers;

/// <summary>Records each pipeline transition and alerts when a contact reaches a qualified stage.</summary>
public sealed class StageChangedHandler(
    StageTransitions transitions,
    ChatAlertClient alerts,
    IOptions<FunnelOptions> funnel) : IEventHandler<StageChangedEvent>
{
    public const string RecordStep = "stage-transition";
    public const string AlertStep = "chat-alert";

    public async Task HandleAsync(StageChangedEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        var entity = @event.Entity!;
        var transition = new StageTransition(context.EventId, @event.PipelineId, entity.ContactId, @event.PreviousStageId,
            @event.NewStageId, entity.ChangedBy, @event.OccurredAt ?? context.ReceivedAt);
        await context.Steps.RunOnceAsync(RecordStep, token => transitions.RecordAsync(transition, token), cancellationToken);

        if (alerts.Enabled && @event.NewStageId is { } stage && funnel.Value.QualifiedStageSet.Contains(stage))
        {
            var details = $"Reached qualified stage {stage} in pipeline {@event.PipelineId ?? "unknown"}.";
            var alert = new Alert(context.Topic, context.EventId, entity.ContactName, entity.ContactId, details);
            await context.Steps.RunOnceAsync(AlertStep, token => alerts.SendAsync(alert, token), cancellationToken);
        }
    }
}
