using System.Text;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VambeFunctions.Events;
using VambeFunctions.Events.Models;
using VambeFunctions.Processing;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Processing;

[Collection(AzuriteCollection.Name)]
public sealed class LargePayloadTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly RecordingHandler<TicketCreatedEvent> _handler = new();
    private TestApp _app = null!;
    private Pipeline _pipeline = null!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _app = new TestApp(azurite, configureServices: services =>
            services.Replace(ServiceDescriptor.Singleton<IEventHandler<TicketCreatedEvent>>(_handler)));
        _pipeline = new Pipeline(_app, azurite);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(47 * 1024, false)]
    [InlineData(60 * 1024, true)]
    [InlineData(256 * 1024, true)]
    public async Task Body_RoundTripsThroughQueueOrBlob(int size, bool storedApart)
    {
        var body = Ticket(size);

        await _pipeline.IngestAsync(body);
        var envelope = await PeekEnvelopeAsync();
        await _pipeline.DrainAsync(QueueNames.TicketCreated);

        Assert.Equal(size, body.Length);
        Assert.Equal(storedApart, envelope.PayloadBlob is not null);
        var handled = Assert.Single(_handler.Calls).Event;
        Assert.Equal("t-large", handled.Entity!.TicketId);
        Assert.Equal(size - 68, handled.Entity.AdditionalProperties!["notes"].GetString()!.Length);
        Assert.Empty(await ListPayloadBlobsAsync());
    }

    [Fact]
    public async Task StoredBody_IsExactlyTheRequestBody()
    {
        var body = Ticket(100 * 1024);

        await _pipeline.IngestAsync(body);
        var envelope = await PeekEnvelopeAsync();

        var blob = azurite.Blobs.GetBlobContainerClient(BlobContainerNames.Payloads).GetBlobClient(envelope.PayloadBlob);
        BlobDownloadResult download = (await blob.DownloadContentAsync()).Value;
        Assert.Equal(body, download.Content.ToArray());
        Assert.StartsWith(envelope.EventId + "/", envelope.PayloadBlob);
    }

    [Fact]
    public async Task FailingLargeEvent_KeepsBodyForReplay()
    {
        _handler.FailWith = new InvalidOperationException("downstream is down");
        var eventId = await _pipeline.IngestAsync(Ticket(80 * 1024));

        await _pipeline.DrainAsync(QueueNames.TicketCreated);
        await _pipeline.DrainPoisonAsync(QueueNames.TicketCreated);
        Assert.Single(await ListPayloadBlobsAsync());

        _handler.FailWith = null;
        var archived = await _pipeline.ReadArchiveAsync(QueueNames.TicketCreated + QueueNames.PoisonSuffix, eventId);
        await azurite.Queues.GetQueueClient(QueueNames.TicketCreated).SendMessageAsync(archived.Content);
        await _pipeline.DrainAsync(QueueNames.TicketCreated);

        Assert.Equal(QueueHost.MaxDequeueCount + 1, _handler.Calls.Count);
        Assert.Empty(await ListPayloadBlobsAsync());
    }

    [Fact]
    public async Task DuplicateOfCompletedLargeEvent_RemovesItsOwnBody()
    {
        var body = Ticket(70 * 1024);
        await _pipeline.IngestAsync(body);
        await _pipeline.DrainAsync(QueueNames.TicketCreated);

        await _pipeline.IngestAsync(body);
        Assert.Single(await ListPayloadBlobsAsync());
        await _pipeline.DrainAsync(QueueNames.TicketCreated);

        Assert.Single(_handler.Calls);
        Assert.Empty(await ListPayloadBlobsAsync());
    }

    [Fact]
    public async Task MissingBody_IsArchivedNotRetried()
    {
        var eventId = await _pipeline.IngestAsync(Ticket(90 * 1024));
        await azurite.Blobs.GetBlobContainerClient(BlobContainerNames.Payloads).DeleteIfExistsAsync();

        var deliveries = await _pipeline.DrainAsync(QueueNames.TicketCreated);

        Assert.Equal(1, deliveries);
        Assert.Empty(_handler.Calls);
        var archived = await _pipeline.ReadArchiveAsync(QueueNames.TicketCreated, eventId);
        Assert.StartsWith("payload-missing", archived.Metadata["reason"]);
    }

    /// <summary>A ticket.created body of exactly <paramref name="size"/> bytes.</summary>
    private static byte[] Ticket(int size)
    {
        const string Prefix = """{"event":"ticket.created","data":{"ticket_id":"t-large","notes":" """;
        const string Suffix = "\"}}";
        var prefix = Prefix.TrimEnd();
        var filler = new string('n', size - prefix.Length - Suffix.Length);
        return Encoding.UTF8.GetBytes(prefix + filler + Suffix);
    }

    private async Task<EventEnvelope> PeekEnvelopeAsync()
    {
        var message = (await azurite.Queues.GetQueueClient(QueueNames.TicketCreated).PeekMessageAsync()).Value;
        return EventEnvelope.Parse(message.Body);
    }

    private async Task<List<string>> ListPayloadBlobsAsync()
    {
        var container = azurite.Blobs.GetBlobContainerClient(BlobContainerNames.Payloads);
        var names = new List<string>();
        if (!await container.ExistsAsync())
        {
            return names;
        }

        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
