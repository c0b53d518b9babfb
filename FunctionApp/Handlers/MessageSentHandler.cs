using Microsoft.Extensions.Logging;
using VambeFunctions.Events.Models;
using VambeFunctions.Integrations;
using VambeFunctions.Processing;

namespace VambeFunctions.Handlers;

/// <summary>Records a failed outbound delivery with its error codes and alerts the team.</summary>
public sealed partial class MessageSentHandler(
    DeliveryFailures failures,
    ChatAlertClient alerts,
    ILogger<MessageSentHandler> logger) : IEventHandler<MessageSentEvent>
{
    public const string RecordStep = "delivery-failure";
    public const string AlertStep = "chat-alert";
    public const string FailedStatus = "failed";

    public async Task HandleAsync(MessageSentEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        var data = @event.Data!;
        if (!string.Equals(data.Status, FailedStatus, StringComparison.OrdinalIgnoreCase))
        {
            LogStatus(context.EventId, data.Status ?? "none");
            return;
        }

        // An entry of null carries no details, so it is left out rather than failing every retry.
        var errors = (data.ErrorDetails ?? []).OfType<DeliveryError>().ToList();
        var codes = errors.Select(error => error.Code ?? "unknown").ToList();
        var failure = new DeliveryFailure(context.EventId, data.MessageId, @event.AiContactId, codes,
            [.. errors.Select(error => error.Title ?? "")], context.ReceivedAt);
        await context.Steps.RunOnceAsync(RecordStep, token => failures.RecordAsync(failure, token), cancellationToken);
        LogFailure(context.EventId, string.Join(",", codes));

        if (alerts.Enabled)
        {
            var details = codes.Count == 0
                ? "Message delivery failed without error details."
                : $"Message delivery failed with error codes {string.Join(", ", codes)}.";
            var alert = new Alert(context.Topic, context.EventId, data.Name, @event.AiContactId, details);
            await context.Steps.RunOnceAsync(AlertStep, token => alerts.SendAsync(alert, token), cancellationToken);
        }
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Sent message event {VambeEventId} has status {Status}")]
    private partial void LogStatus(string vambeEventId, string status);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning,
        Message = "Recorded failed delivery for event {VambeEventId} with error codes {ErrorCodes}")]
    private partial void LogFailure(string vambeEventId, string errorCodes);
}
