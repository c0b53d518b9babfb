using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VambeFunctions.Events;
using VambeFunctions.Events.Models;
using VambeFunctions.Functions;
using VambeFunctions.Ingest;
using VambeFunctions.Processing;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Processing;

[Collection(AzuriteCollection.Name)]
public sealed class ProcessingPipelineTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly RecordingHandler<MessageReceivedEvent> _received = new();
    private readonly RecordingHandler<MessageSentEvent> _sent = new();
    private readonly RecordingHandler<TicketCreatedEvent> _ticketCreated = new();
    private TestApp _app = null!;
    private Pipeline _pipeline = null!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _app = new TestApp(azurite, configureServices: services =>
        {
            services.Replace(ServiceDescriptor.Singleton<IEventHandler<MessageReceivedEvent>>(_received));
            services.Replace(ServiceDescriptor.Singleton<IEventHandler<MessageSentEvent>>(_sent));
            services.Replace(ServiceDescriptor.Singleton<IEventHandler<TicketCreatedEvent>>(_ticketCreated));
        });
        _pipeline = new Pipeline(_app, azurite);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [MemberData(nameof(Samples.WithTopics), MemberType = typeof(Samples))]
    public async Task Sample_TravelsFromIngestToCompletedRecord(string sample, string topic)
    {
        var eventId = await IngestAsync(Samples.Read(sample));

        var deliveries = await DrainAsync(Topics.QueueFor(topic));

        Assert.Equal(1, deliveries);
        var record = await _app.Get<EventClaims>().FindAsync(eventId, CancellationToken.None);
        Assert.NotNull(record);
        var expectedStatus = Topics.IsKnown(topic) ? EventStatus.Completed : EventStatus.DeadLettered;
        Assert.Equal(expectedStatus, record.Status);
        Assert.Equal(1, record.Attempts);
        Assert.NotNull(record.FinishedAt);
    }

    [Fact]
    public async Task SameEventTwice_RunsHandlerOnce()
    {
        var first = await IngestAsync(Samples.Read("message.received.json"));
        var second = await IngestAsync(Samples.Read("message.received.json"));

        var deliveries = await DrainAsync(QueueNames.MessageReceived);

        Assert.Equal(first, second);
        Assert.Equal(2, deliveries);
        Assert.Single(_received.Calls);
        Assert.Equal(0, await CountAsync(QueueNames.MessageReceived));
    }

    [Fact]
    public async Task ReserializedRedelivery_RunsHandlerOnce()
    {
        var original = Samples.Read("ticket.created.json");
        var reordered = Reserialize(original);

        await IngestAsync(original);
        await IngestAsync(reordered);
        await DrainAsync(QueueNames.TicketCreated);

        Assert.NotEqual(original, reordered);
        Assert.Single(_ticketCreated.Calls);
    }

    [Fact]
    public async Task TwoStatusesOfOneSentMessage_RunHandlerTwice()
    {
        var failed = Samples.Read("message.sent.json");
        var delivered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(failed).Replace("\"failed\"", "\"delivered\""));

        var failedId = await IngestAsync(failed);
        var deliveredId = await IngestAsync(delivered);
        await DrainAsync(QueueNames.MessageSent);

        Assert.NotEqual(failedId, deliveredId);
        Assert.Equal(2, _sent.Calls.Count);
        Assert.Equal(["delivered", "failed"], _sent.Calls.Select(call => call.Event.Data!.Status).Order());
    }

    [Fact]
    public async Task HandlerThatThrows_IsRetriedThenArchived()
    {
        _received.FailWith = new InvalidOperationException("downstream is down");
        var eventId = await IngestAsync(Samples.Read("message.received.json"));

        await DrainAsync(QueueNames.MessageReceived);
        var poisonQueue = QueueNames.MessageReceived + QueueNames.PoisonSuffix;
        await _pipeline.DrainPoisonAsync(QueueNames.MessageReceived);

        Assert.Equal(QueueHost.MaxDequeueCount, _received.Calls.Count);
        Assert.Equal(Enumerable.Range(1, QueueHost.MaxDequeueCount).Select(i => (long)i),
            _received.Calls.Select(call => call.Context.Attempt));
        var archived = await ReadArchiveAsync(poisonQueue, eventId);
        Assert.Equal(eventId, archived.Metadata["eventid"]);
        Assert.Equal(Topics.MessageReceived, archived.Metadata["topic"]);
        Assert.StartsWith("poison", archived.Metadata["reason"]);
        Assert.Equal(Samples.ReadTrimmed("message.received.json"), EventEnvelope.Parse(archived.Content).Payload.ToArray());
        var record = await _app.Get<EventClaims>().FindAsync(eventId, CancellationToken.None);
        Assert.Equal(EventStatus.DeadLettered, record!.Status);
        Assert.Equal(QueueHost.MaxDequeueCount, record.Attempts);
        Assert.Contains(_app.Logs.Lines, line => line.EventId == 3000 && line.Level == Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task UnmappablePayload_IsArchivedWithoutRetry()
    {
        var eventId = await IngestAsync("""{"event":"ticket.created","data":"not an object"}""");

        var deliveries = await DrainAsync(QueueNames.TicketCreated);

        Assert.Equal(1, deliveries);
        Assert.Empty(_ticketCreated.Calls);
        var archived = await ReadArchiveAsync(QueueNames.TicketCreated, eventId);
        Assert.StartsWith("unmappable", archived.Metadata["reason"]);
        Assert.Equal(0, await CountAsync(QueueNames.TicketCreated + QueueNames.PoisonSuffix));
    }

    [Fact]
    public async Task UnknownTopic_IsArchivedForReplay()
    {
        var eventId = await IngestAsync(Encoding.UTF8.GetString(Samples.Read("invoice.paid.json")));

        await DrainAsync(QueueNames.UnknownTopic);

        var archived = await ReadArchiveAsync(QueueNames.UnknownTopic, eventId);
        Assert.Equal("invoice.paid", archived.Metadata["topic"]);
        Assert.StartsWith("unknown-topic", archived.Metadata["reason"]);
    }

    [Fact]
    public async Task ArchivedEventReplayed_RunsHandler()
    {
        _received.FailWith = new InvalidOperationException("downstream is down");
        var eventId = await IngestAsync(Samples.Read("message.received.json"));
        await DrainAsync(QueueNames.MessageReceived);
        var poisonQueue = QueueNames.MessageReceived + QueueNames.PoisonSuffix;
        await _pipeline.DrainPoisonAsync(QueueNames.MessageReceived);
        _received.FailWith = null;

        var archived = await ReadArchiveAsync(poisonQueue, eventId);
        await azurite.Queues.GetQueueClient(QueueNames.MessageReceived).SendMessageAsync(archived.Content);
        await DrainAsync(QueueNames.MessageReceived);

        var record = await _app.Get<EventClaims>().FindAsync(eventId, CancellationToken.None);
        Assert.Equal(EventStatus.Completed, record!.Status);
        Assert.Equal(QueueHost.MaxDequeueCount + 1, _received.Calls.Count);
    }

    [Fact]
    public async Task MessageThatIsNotAnEnvelope_IsArchived()
    {
        var queue = azurite.Queues.GetQueueClient(QueueNames.TicketCreated);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("this is not an envelope");

        await DrainAsync(QueueNames.TicketCreated);

        var blobs = azurite.Blobs.GetBlobContainerClient(BlobContainerNames.DeadLetters)
            .GetBlobsAsync(BlobTraits.None, BlobStates.None, QueueNames.TicketCreated + "/", CancellationToken.None);
        var names = new List<string>();
        await foreach (var blob in blobs)
        {
            names.Add(blob.Name);
        }

        Assert.Single(names);
        Assert.Contains("unreadable-", names[0]);
    }

    private Task<string> IngestAsync(byte[] body) => _pipeline.IngestAsync(body);

    private Task<string> IngestAsync(string body) => _pipeline.IngestAsync(body);

    private Task<int> DrainAsync(string queueName) => _pipeline.DrainAsync(queueName);

    private Task<int> CountAsync(string queueName) => _pipeline.CountAsync(queueName);

    private Task<(IDictionary<string, string> Metadata, BinaryData Content)> ReadArchiveAsync(string sourceQueue, string eventId) =>
        _pipeline.ReadArchiveAsync(sourceQueue, eventId);

    private static byte[] Reserialize(byte[] json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        var reversed = new System.Text.Json.Nodes.JsonObject();
        foreach (var (name, value) in node.Reverse().ToList())
        {
            node.Remove(name);
            reversed[name] = value;
        }

        return JsonSerializer.SerializeToUtf8Bytes(reversed);
    }
}
