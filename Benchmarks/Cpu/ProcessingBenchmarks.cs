using System.Text.Json;
using Azure.Storage.Queues.Models;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VambeFunctions.Events;
using VambeFunctions.Events.Models;
using VambeFunctions.Ingest;
using VambeFunctions.Processing;
using VambeFunctions.Storage;

namespace VambeFunctions.Benchmarks.Cpu;

/// <summary>
/// The processing work of one queue message, with a handler that does nothing.
/// <see cref="ProcessingWork"/> runs the steps of <see cref="EventProcessor.ProcessAsync"/>
/// without storage: read the envelope, build the claim row, map the payload, dispatch. A large
/// body's blob is taken from memory. <see cref="EventProcessorInMemory"/> runs ProcessAsync
/// itself, whose table (and blob) requests <see cref="InMemoryStorageHandler"/> serves.
/// </summary>
[MemoryDiagnoser]
public class ProcessingBenchmarks
{
    private ServiceProvider _services = null!;
    private EventProcessor _processor = null!;
    private EventClaims _claims = null!;
    private ProcessingOptions _options = null!;
    private QueueMessage _message = null!;
    private byte[] _body = null!;

    /// <summary>Body size in bytes; 49152 takes the large-payload path.</summary>
    [Params(512, 1024, 4096, 49152)]
    public int BodyBytes { get; set; }

    [Params(Topics.MessageReceived, Topics.TicketUpdated)]
    public string Topic { get; set; } = Topics.MessageReceived;

    [GlobalSetup]
    public void Setup()
    {
        _body = SampleEvents.Create(Topic, 1, BodyBytes);
        _services = CpuApp.Build(new InMemoryStorageHandler { BlobContent = _body });
        _processor = _services.GetRequiredService<EventProcessor>();
        _claims = _services.GetRequiredService<EventClaims>();
        _options = _services.GetRequiredService<IOptions<ProcessingOptions>>().Value;

        var webhook = WebhookParser.Parse(_body);
        var envelope = new EventEnvelope(webhook.EventId, webhook.Topic, DateTimeOffset.UtcNow, _body);
        var message = envelope.Serialize();
        if (message.ToMemory().Length > EventEnvelope.MaxQueueMessageBytes)
        {
            message = (envelope with { Payload = default, PayloadBlob = $"{envelope.EventId}/large.json" }).Serialize();
        }

        _message = QueuesModelFactory.QueueMessage("5974b586-0df3-4e2d-ad0c-18e3892bfca2", "AgAAAAMAAAAAAAAA", message, 1);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public Task ProcessingWork() => Topic == Topics.MessageReceived
        ? RunStepsAsync<MessageReceivedEvent>()
        : RunStepsAsync<TicketUpdatedEvent>();

    [Benchmark]
    public Task EventProcessorInMemory() => Topic == Topics.MessageReceived
        ? _processor.ProcessAsync<MessageReceivedEvent>(_message, QueueNames.MessageReceived, CancellationToken.None)
        : _processor.ProcessAsync<TicketUpdatedEvent>(_message, QueueNames.TicketUpdated, CancellationToken.None);

    private async Task RunStepsAsync<TEvent>()
        where TEvent : VambeEvent
    {
        var envelope = EventEnvelope.Parse(_message.Body);
        if (envelope.PayloadBlob is not null)
        {
            envelope = envelope with { Payload = _body };
        }

        // The row that EventClaims.TryClaimAsync inserts, built but not written.
        var now = TimeProvider.System.GetUtcNow();
        var claim = EventRecord.New(envelope.EventId, envelope.Topic, _message.MessageId, now, _options);

        var model = JsonSerializer.Deserialize<TEvent>(envelope.Payload.Span, EventJson.Options)
            ?? throw new InvalidOperationException("The payload is null.");
        if (model.FindMappingError() is { } error)
        {
            throw new InvalidOperationException(error);
        }

        var steps = new EventSteps(_claims, claim, NullLogger.Instance);
        var context = new EventContext(envelope.EventId, envelope.Topic, envelope.ReceivedAt, _message.DequeueCount, steps);
        await _services.GetRequiredService<IEventHandler<TEvent>>().HandleAsync(model, context, CancellationToken.None);
    }
}
