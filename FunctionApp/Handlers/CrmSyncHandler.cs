using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using VambeFunctions.Events.Models;
using VambeFunctions.Integrations;
using VambeFunctions.Processing;

namespace VambeFunctions.Handlers;

/// <summary>Posts a ticket or contact event to the CRM, with every field Vambe sent.</summary>
public sealed partial class CrmSyncHandler<TEvent, TData>(CrmClient crm, ILogger<CrmSyncHandler<TEvent, TData>> logger)
    : IEventHandler<TEvent>
    where TEvent : EntityEvent<TData>
    where TData : VambeEventData
{
    public const string Step = "crm-sync";

    private static readonly JsonSerializerOptions DataJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task HandleAsync(TEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        if (!crm.Enabled)
        {
            LogDisabled(context.EventId);
            return;
        }

        var data = JsonSerializer.SerializeToElement(@event.Entity, DataJson);
        var crmEvent = new CrmEvent(context.EventId, context.Topic, @event.OccurredAt ?? context.ReceivedAt, data);
        await context.Steps.RunOnceAsync(Step, token => crm.SendAsync(crmEvent, token), cancellationToken);
    }

    [LoggerMessage(EventId = 4300, Level = LogLevel.Information,
        Message = "Skipped CRM sync of event {VambeEventId}: Crm:Url is not set")]
    private partial void LogDisabled(string vambeEventId);
}
