using System.Text;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using VambeFunctions.Events;
using VambeFunctions.Ingest;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Ingest;

[Collection(AzuriteCollection.Name)]
public sealed class IngestPipelineTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestApp _app = new(azurite);

    public Task InitializeAsync() => azurite.ResetAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [MemberData(nameof(Samples.WithTopics), MemberType = typeof(Samples))]
    public async Task Sample_IsEnqueuedOnItsTopicQueueUnchanged(string sample, string topic)
    {
        var body = Samples.Read(sample);

        var response = await _app.Get<IngestService>().HandleAsync(Requests.Json(body), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        var answer = JsonDocument.Parse(response.Body).RootElement;
        Assert.True(answer.GetProperty("received").GetBoolean());
        var eventId = answer.GetProperty("eventId").GetString()!;
        var message = await ReceiveSingleAsync(Topics.QueueFor(topic));
        var envelope = EventEnvelope.Parse(message.Body);
        Assert.Equal(EventEnvelope.CurrentSchemaVersion, envelope.SchemaVersion);
        Assert.Equal(eventId, envelope.EventId);
        Assert.Equal(topic, envelope.Topic);
        Assert.Equal(Samples.ReadTrimmed(sample), envelope.Payload.ToArray());
        Assert.InRange(envelope.ReceivedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task UnknownTopic_GoesToUnknownTopicQueue()
    {
        var response = await Ingest(Samples.Read("invoice.paid.json"));

        Assert.Equal(200, response.StatusCode);
        var envelope = EventEnvelope.Parse((await ReceiveSingleAsync(QueueNames.UnknownTopic)).Body);
        Assert.Equal("invoice.paid", envelope.Topic);
    }

    [Fact]
    public async Task EnqueuedMessage_NeverExpires()
    {
        await Ingest(Samples.Read("ticket.created.json"));

        PeekedMessage message = (await azurite.Queues.GetQueueClient(QueueNames.TicketCreated).PeekMessageAsync()).Value;
        Assert.True(message.ExpiresOn > DateTimeOffset.UtcNow.AddYears(1000), $"expires on {message.ExpiresOn}");
    }

    [Fact]
    public async Task FreshAccount_AcceptsFirstDelivery()
    {
        Assert.False(await azurite.Queues.GetQueueClient(QueueNames.StageChanged).ExistsAsync());

        var response = await Ingest(Samples.Read("stage.changed.json"));

        Assert.Equal(200, response.StatusCode);
        Assert.True(await azurite.Queues.GetQueueClient(QueueNames.StageChanged).ExistsAsync());
    }

    [Fact]
    public async Task SameBodyTwice_GetsSameEventId()
    {
        var first = await Ingest(Samples.Read("ticket.updated.json"));
        var second = await Ingest(Samples.Read("ticket.updated.json"));

        Assert.Equal(EventIdOf(first), EventIdOf(second));
    }

    [Fact]
    public async Task EnqueuedMessage_RoundTripsThroughHostJsonEncoding()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.HostJson));
        var encoding = hostJson.RootElement.GetProperty("extensions").GetProperty("queues")
            .GetProperty("messageEncoding").GetString();
        var body = Samples.Read("message.received.json");

        await Ingest(body);

        var raw = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, QueueNames.MessageReceived);
        var text = (await raw.ReceiveMessageAsync()).Value.Body.ToString();
        var decoded = encoding switch
        {
            "base64" => Convert.FromBase64String(text),
            "none" => Encoding.UTF8.GetBytes(text),
            _ => throw new InvalidOperationException($"Unexpected messageEncoding {encoding}"),
        };
        Assert.Equal(Samples.ReadTrimmed("message.received.json"), EventEnvelope.Parse(new BinaryData(decoded)).Payload.ToArray());
    }

    private Task<IngestResponse> Ingest(byte[] body) =>
        _app.Get<IngestService>().HandleAsync(Requests.Json(body), CancellationToken.None);

    private static string EventIdOf(IngestResponse response) =>
        JsonDocument.Parse(response.Body).RootElement.GetProperty("eventId").GetString()!;

    private async Task<QueueMessage> ReceiveSingleAsync(string queueName)
    {
        var messages = (await azurite.Queues.GetQueueClient(queueName).ReceiveMessagesAsync(maxMessages: 32)).Value;
        return Assert.Single(messages);
    }
}
