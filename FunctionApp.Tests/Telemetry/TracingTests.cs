using System.Collections.Concurrent;
using System.Diagnostics;
using VambeFunctions.Storage;
using VambeFunctions.Telemetry;
using VambeFunctions.Tests.Handlers;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Telemetry;

[Collection(AzuriteCollection.Name)]
public sealed class TracingTests(AzuriteFixture azurite) : HandlerTestBase(azurite), IDisposable
{
    private readonly ConcurrentQueue<Activity> _activities = new();
    private ActivityListener? _listener;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is AppTelemetry.Name or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener?.Dispose();

    [Fact]
    public async Task ProcessingSpan_ContinuesIngestTrace()
    {
        var eventId = await Pipeline.IngestAsync(MessageReceived("m-trace", "urgente"));

        using (var invocation = new Activity("host invocation").Start())
        {
            await Pipeline.DrainAsync(QueueNames.MessageReceived);
        }

        var ingest = Assert.Single(_activities, a => a.OperationName == "ingest webhook" && Tagged(a, eventId));
        var processing = Assert.Single(_activities, a => a.OperationName == "process event" && Tagged(a, eventId));
        Assert.Equal(ingest.TraceId, processing.TraceId);
        Assert.Equal(ingest.SpanId, processing.ParentSpanId);
        Assert.Single(processing.Links);
        Assert.NotEqual(ingest.TraceId, processing.Links.Single().Context.TraceId);
        Assert.Equal("completed", processing.GetTagItem("vambe.outcome"));
        var fakePort = new Uri(Fake.Url).Port;
        var outbound = _activities.Where(a => a.Source.Name == "System.Net.Http" && a.TraceId == ingest.TraceId
            && Equals(a.GetTagItem("server.port"), fakePort)).ToList();
        Assert.Equal(3, outbound.Count);
        Assert.All(outbound, call => Assert.Equal(processing.SpanId, call.ParentSpanId));
    }

    [Fact]
    public async Task OutboundRequest_CarriesTraceContext()
    {
        await Pipeline.IngestAsync(MessageReceived("m-trace-2", "urgente"));

        await Pipeline.DrainAsync(QueueNames.MessageReceived);

        var processing = Assert.Single(_activities, a => a.OperationName == "process event");
        var request = Assert.Single(Fake.Requests(ChatPath)).RequestMessage;
        var traceParent = request.Headers!["traceparent"].Single();
        Assert.Contains(processing.TraceId.ToHexString(), traceParent);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/api/public/channels/whatsapp/56911112222/tags", "http://127.0.0.1:5000/api/public/channels/whatsapp/{redacted}/tags")]
    [InlineData("https://api.vambe.me/api/public/contact/5d0c2a51-7f3e/assign-team-member/m-1?removeExistingAgents=false",
        "https://api.vambe.me/api/public/contact/5d0c2a51-7f3e/assign-team-member/m-1")]
    [InlineData("https://app.example/api/webhooks/vambe?code=function-key&secret=s", "https://app.example/api/webhooks/vambe")]
    public void UrlRedaction_DropsQueryAndPhoneNumbers(string url, string expected)
    {
        using var activity = new Activity("POST");
        activity.SetTag("url.full", url);

        new UrlRedactionProcessor().OnEnd(activity);

        Assert.Equal(expected, activity.GetTagItem("url.full"));
    }

    private static bool Tagged(Activity activity, string eventId) => (string?)activity.GetTagItem("vambe.event_id") == eventId;
}
