using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VambeFunctions.Cli.DeadLetters;
using VambeFunctions.Events.Models;
using VambeFunctions.Processing;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Cli;

/// <summary>
/// Dead letters made by the app's own pipeline, replayed by a run that stops between sending a
/// message and deleting its blob, then replayed again: nothing is lost and the handler runs once per event.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReplayInterruptionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly RecordingHandler<TicketCreatedEvent> _handler = new();
    private readonly CliRunner _cli = new();
    private TestApp _app = null!;
    private Pipeline _pipeline = null!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _app = new TestApp(azurite, configureServices: services =>
            services.Replace(ServiceDescriptor.Singleton<IEventHandler<TicketCreatedEvent>>(_handler)));
        _pipeline = new Pipeline(_app, azurite);
        _cli.Variables["VAMBE_STORAGE_CONNECTION_STRING"] = azurite.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task InterruptedReplay_RunAgainLosesNothing()
    {
        var first = await DeadLetterAsync("ticket-0001");
        var second = await DeadLetterAsync("ticket-0002");
        _handler.FailWith = null;
        var failedCalls = _handler.Calls.Count;

        // The first run stops after its first message is on the queue and before that blob is deleted.
        using var stop = new CancellationTokenSource();
        var queues = new QueueServiceClient(azurite.ConnectionString, StopAfterFirstSend(stop));
        var store = new DeadLetterStore(azurite.Blobs);
        var tally = new ReplayTally();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await new DeadLetterReplayer(store, queues)
            .ReplayAsync(await store.ListAsync(null, CancellationToken.None), false, false, 100, tally, TextWriter.Null, stop.Token));

        Assert.Equal(0, tally.Replayed);
        Assert.Equal(1, await _pipeline.CountAsync(QueueNames.TicketCreated));
        Assert.Equal(2, (await store.ListAsync(null, CancellationToken.None)).Count);

        var rerun = await _cli.RunAsync("deadletters", "replay");

        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains("Replayed 2 of 2 messages (vambe-ticket-created 2).", rerun.Output);
        Assert.Empty(await store.ListAsync(null, CancellationToken.None));
        Assert.Equal(3, await _pipeline.DrainAsync(QueueNames.TicketCreated));
        var handled = _handler.Calls.Skip(failedCalls).Select(call => call.Context.EventId).Order().ToList();
        Assert.Equal(new[] { first, second }.Order(), handled);
        foreach (var eventId in new[] { first, second })
        {
            var record = await _app.Get<EventClaims>().FindAsync(eventId, CancellationToken.None);
            Assert.Equal(EventStatus.Completed, record!.Status);
        }
    }

    /// <summary>Ingests a ticket whose handler fails until the host moves it to the poison queue, then archives it.</summary>
    private async Task<string> DeadLetterAsync(string ticketId)
    {
        _handler.FailWith = new InvalidOperationException("CRM is down");
        var eventId = await _pipeline.IngestAsync($$$"""{"event":"ticket.created","data":{"ticket_id":"{{{ticketId}}}"}}""");
        await _pipeline.DrainAsync(QueueNames.TicketCreated);
        Assert.Equal(1, await _pipeline.DrainPoisonAsync(QueueNames.TicketCreated));
        return eventId;
    }

    private static QueueClientOptions StopAfterFirstSend(CancellationTokenSource stop)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.AddPolicy(new CancelAfterSendPolicy(stop), HttpPipelinePosition.PerCall);
        return options;
    }

    /// <summary>Cancels the token once a message has been put on a queue.</summary>
    private sealed class CancelAfterSendPolicy(CancellationTokenSource stop) : HttpPipelinePolicy
    {
        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            CancelIfSent(message);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            CancelIfSent(message);
        }

        private void CancelIfSent(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal)
                && message.Response.Status == 201)
            {
                stop.Cancel();
            }
        }
    }
}
