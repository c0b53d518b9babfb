using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VambeFunctions.Telemetry;

/// <summary>
/// The app's one meter and one activity source, both named <see cref="Name"/>, and the
/// instruments every stage records to. Tags hold ids, topics and outcomes, never payload data.
/// </summary>
public sealed class AppTelemetry : IDisposable
{
    public const string Name = "VambeFunctions";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;

    public AppTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        IngestEvents = _meter.CreateCounter<long>("vambe.ingest.events", description: "Webhooks received, by topic and outcome.");
        IngestDuration = _meter.CreateHistogram<double>("vambe.ingest.duration", "ms", "Time to validate and enqueue a webhook.");
        EnqueueFailures = _meter.CreateCounter<long>("vambe.ingest.enqueue_failures", description: "Events that storage did not accept, rejected with 503.");
        Duplicates = _meter.CreateCounter<long>("vambe.processing.duplicates", description: "Deliveries skipped as duplicates.");
        ProcessingDuration = _meter.CreateHistogram<double>("vambe.processing.duration", "ms", "Time to process one delivery, by topic and outcome.");
        Redeliveries = _meter.CreateCounter<long>("vambe.processing.redeliveries", description: "Deliveries with a dequeue count above 1.");
        DeadLetters = _meter.CreateCounter<long>("vambe.deadletters.archived", description: "Messages moved to the dead-letter archive.");
        OutboundCalls = _meter.CreateCounter<long>("vambe.outbound.calls", description: "Outbound HTTP attempts, by target and status.");
    }

    /// <summary>The meter, so a listener can tell this instance's instruments apart.</summary>
    public Meter Meter => _meter;

    public Counter<long> IngestEvents { get; }

    public Histogram<double> IngestDuration { get; }

    public Counter<long> EnqueueFailures { get; }

    public Counter<long> Duplicates { get; }

    public Histogram<double> ProcessingDuration { get; }

    public Counter<long> Redeliveries { get; }

    public Counter<long> DeadLetters { get; }

    public Counter<long> OutboundCalls { get; }

    /// <summary>
    /// Returns the topic as a tag value. Topics without a handler become <c>unknown</c>, because
    /// senders choose them freely and each distinct tag value is a new time series.
    /// </summary>
    public static string TopicTag(string? topic) =>
        topic is null ? "none" : Events.Topics.IsKnown(topic) ? topic : "unknown";

    public void Dispose() => _meter.Dispose();
}
