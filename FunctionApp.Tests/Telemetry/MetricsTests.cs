using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using VambeFunctions.Ingest;
using VambeFunctions.Storage;
using VambeFunctions.Telemetry;
using VambeFunctions.Tests.Handlers;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Telemetry;

[Collection(AzuriteCollection.Name)]
public sealed class MetricsTests(AzuriteFixture azurite) : HandlerTestBase(azurite), IDisposable
{
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string> Tags)> _measurements = new();
    private MeterListener? _listener;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var meter = App.Get<AppTelemetry>().Meter;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == meter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose() => _listener?.Dispose();

    [Fact]
    public async Task Pipeline_RecordsEveryInstrumentWithTags()
    {
        FailFirst(ChatPath, times: 3);
        await Pipeline.IngestAsync(MessageReceived("m-metrics", "urgente"));
        await Pipeline.IngestAsync(MessageReceived("m-metrics", "urgente"));
        await Pipeline.IngestAsync("""{"event":"ticket.created","data":"not an object"}""");
        await Pipeline.IngestAsync("""{"event":"invoice.paid","data":{}}""");
        await App.Get<IngestService>().HandleAsync(Requests.Json(Encoding.UTF8.GetBytes("{}"), secret: "wrong"), CancellationToken.None);

        foreach (var queue in QueueNames.All)
        {
            await Pipeline.DrainAsync(queue);
        }

        AssertRecorded("vambe.ingest.events", ("topic", "message.received"), ("outcome", "accepted"));
        AssertRecorded("vambe.ingest.events", ("topic", "unknown"), ("outcome", "accepted"));
        AssertRecorded("vambe.ingest.events", ("topic", "none"), ("outcome", "invalid-secret"));
        AssertRecorded("vambe.ingest.duration", ("outcome", "accepted"));
        AssertRecorded("vambe.processing.duplicates", ("topic", "message.received"), ("kind", "claimed"));
        AssertRecorded("vambe.processing.duration", ("topic", "message.received"), ("outcome", "failed"));
        AssertRecorded("vambe.processing.duration", ("topic", "message.received"), ("outcome", "completed"));
        AssertRecorded("vambe.processing.duration", ("topic", "ticket.created"), ("outcome", "dead-lettered"));
        AssertRecorded("vambe.processing.redeliveries", ("topic", "message.received"));
        AssertRecorded("vambe.deadletters.archived", ("topic", "ticket.created"), ("source", "unmappable"));
        AssertRecorded("vambe.deadletters.archived", ("topic", "unknown"), ("source", "unknown-topic"));
        AssertRecorded("vambe.outbound.calls", ("target", "chat"), ("status", "500"));
        AssertRecorded("vambe.outbound.calls", ("target", "chat"), ("status", "200"));
        AssertRecorded("vambe.outbound.calls", ("target", "vambe"), ("status", "200"));
        Assert.Equal(3, _measurements.Count(m => m.Instrument == "vambe.outbound.calls" && m.Tags["status"] == "500"));

        await Pipeline.IngestAsync(MessageReceived("m-metrics", "urgente"));
        await Pipeline.DrainAsync(QueueNames.MessageReceived);

        AssertRecorded("vambe.processing.duplicates", ("topic", "message.received"), ("kind", "completed"));
    }

    [Fact]
    public async Task StorageOutage_CountsEnqueueFailure()
    {
        await using var app = new TestApp(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};"
            + $"QueueEndpoint=http://127.0.0.1:{FakeServer.FreePort()}/devstoreaccount1;");
        var meter = app.Get<AppTelemetry>().Meter;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        await app.Get<IngestService>().HandleAsync(Requests.Json(Samples.Read("ticket.created.json")), CancellationToken.None);

        AssertRecorded("vambe.ingest.enqueue_failures", ("topic", "ticket.created"));
        AssertRecorded("vambe.ingest.events", ("topic", "ticket.created"), ("outcome", "storage-unavailable"));
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString() ?? "";
        }

        _measurements.Enqueue((instrument.Name, value, copy));
    }

    private void AssertRecorded(string instrument, params (string Key, string Value)[] tags)
    {
        var found = _measurements.Any(measurement => measurement.Instrument == instrument
            && tags.All(tag => measurement.Tags.TryGetValue(tag.Key, out var value) && value == tag.Value));
        var seen = string.Join("; ", _measurements.Where(m => m.Instrument == instrument)
            .Select(m => string.Join(",", m.Tags.Select(tag => $"{tag.Key}={tag.Value}"))).Distinct());
        Assert.True(found, $"{instrument} with {string.Join(",", tags.Select(tag => $"{tag.Key}={tag.Value}"))} not recorded; seen: {seen}");
    }
}
