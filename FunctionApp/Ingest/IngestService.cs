using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VambeFunctions.Events;
using VambeFunctions.Telemetry;

namespace VambeFunctions.Ingest;

/// <summary>
/// Validates, authenticates and enqueues one webhook. Checks run in a fixed order (media type,
/// size, authentication, body), and the response is 200 only after the queue accepted the event.
/// </summary>
public sealed partial class IngestService(
    IWebhookAuthenticator authenticator,
    EventQueueWriter queueWriter,
    RejectionLog rejections,
    AppTelemetry telemetry,
    IOptions<IngestOptions> options,
    TimeProvider time,
    ILogger<IngestService> logger)
{
    private readonly IngestOptions _options = options.Value;

    public async Task<IngestResponse> HandleAsync(IngestRequest request, CancellationToken cancellationToken)
    {
        using var activity = AppTelemetry.ActivitySource.StartActivity("ingest webhook");
        var started = time.GetTimestamp();

        var (response, topic) = await ValidateAndEnqueueAsync(request, cancellationToken);

        var outcome = response.StatusCode == 200 ? "accepted" : response.Reason ?? "unknown";
        var topicTag = new KeyValuePair<string, object?>("topic", AppTelemetry.TopicTag(topic));
        telemetry.IngestEvents.Add(1, topicTag, new("outcome", outcome));
        telemetry.IngestDuration.Record(time.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("outcome", outcome));
        activity?.SetTag("vambe.topic", AppTelemetry.TopicTag(topic));
        activity?.SetTag("vambe.outcome", outcome);
        return response;
    }

    /// <returns>The response, and the canonical topic once the body has been parsed.</returns>
    private async Task<(IngestResponse Response, string? Topic)> ValidateAndEnqueueAsync(IngestRequest request,
        CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return Reject(request, Problems.Create(415, "Unsupported Media Type", "unsupported-media-type",
                "Send the webhook with Content-Type: application/json."));
        }

        var body = request.ContentLength > _options.MaxBodyBytes
            ? null
            : await BoundedBody.ReadAsync(request.Body, _options.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Reject(request, Problems.Create(413, "Content Too Large", "body-too-large",
                $"The body is larger than the limit of {_options.MaxBodyBytes} bytes."));
        }

        var authentication = authenticator.Authenticate(request, body);
        if (!authentication.Succeeded)
        {
            return Reject(request, Problems.Create(401, "Unauthorized", authentication.Reason!, authentication.Detail!));
        }

        ParsedWebhook webhook;
        try
        {
            webhook = WebhookParser.Parse(body);
        }
        catch (InvalidWebhookException e)
        {
            return Reject(request, Problems.Create(400, "Bad Request", e.Reason, e.Message));
        }

        var eventId = authentication.EventId ?? webhook.EventId;
        Activity.Current?.SetTag("vambe.event_id", eventId);
        return (await EnqueueAsync(webhook with { EventId = eventId }, body, cancellationToken), webhook.Topic);
    }

    private async Task<IngestResponse> EnqueueAsync(ParsedWebhook webhook, byte[] body, CancellationToken cancellationToken)
    {
        var queueName = Topics.QueueFor(webhook.Topic);
        var envelope = new EventEnvelope(webhook.EventId, webhook.Topic, time.GetUtcNow(), body)
        {
            TraceParent = Activity.Current?.Id,
        };
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.StorageBudgetMilliseconds);
        try
        {
            await queueWriter.SendAsync(queueName, envelope, budget.Token);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException
            or AggregateException or IOException)
        {
            LogEnqueueFailed(e, webhook.EventId, webhook.Topic, queueName);
            telemetry.EnqueueFailures.Add(1, new KeyValuePair<string, object?>("topic", AppTelemetry.TopicTag(webhook.Topic)));
            var unavailable = Problems.Create(503, "Service Unavailable", "storage-unavailable",
                "The event could not be stored. Send it again later.");
            return unavailable with
            {
                Headers = new Dictionary<string, string> { ["Retry-After"] = _options.RetryAfterSeconds.ToString() },
            };
        }

        LogAccepted(webhook.EventId, webhook.Topic, body.Length, queueName);
        return Problems.Accepted(webhook.EventId);
    }

    private (IngestResponse Response, string? Topic) Reject(IngestRequest request, IngestResponse problem)
    {
        rejections.Rejected(problem.StatusCode, problem.Reason!, request.ClientAddress);
        return (problem, null);
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "Accepted event {VambeEventId} with topic {Topic} ({SizeBytes} bytes) onto queue {QueueName}")]
    private partial void LogAccepted(string vambeEventId, string topic, int sizeBytes, string queueName);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error,
        Message = "Failed to enqueue event {VambeEventId} with topic {Topic} onto queue {QueueName}; answered 503")]
    private partial void LogEnqueueFailed(Exception exception, string vambeEventId, string topic, string queueName);
}
