using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VambeFunctions.Events;
using VambeFunctions.Ingest;

namespace VambeFunctions.Benchmarks.Cpu;

/// <summary>
/// The ingest work of one webhook. <see cref="IngestWork"/> runs the steps of
/// <see cref="IngestService.HandleAsync"/> up to the queue message, without storage.
/// <see cref="IngestServiceInMemory"/> runs HandleAsync itself, whose queue (and, for a large
/// body, blob) request the Azure SDK builds and signs, and <see cref="InMemoryStorageHandler"/> serves.
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private ServiceProvider _services = null!;
    private IngestService _ingest = null!;
    private IWebhookAuthenticator _authenticator = null!;
    private IngestRequest _request = null!;
    private MemoryStream _body = null!;
    private int _maxBodyBytes;

    /// <summary>Body size in bytes; 49152 takes the large-payload path.</summary>
    [Params(512, 1024, 4096, 49152)]
    public int BodyBytes { get; set; }

    /// <summary>message.received takes its id from the message id, and ticket.updated hashes its canonical JSON.</summary>
    [Params(Topics.MessageReceived, Topics.TicketUpdated)]
    public string Topic { get; set; } = Topics.MessageReceived;

    [GlobalSetup]
    public void Setup()
    {
        _services = CpuApp.Build(new InMemoryStorageHandler());
        _ingest = _services.GetRequiredService<IngestService>();
        _authenticator = _services.GetRequiredService<IWebhookAuthenticator>();
        var options = _services.GetRequiredService<IOptions<IngestOptions>>().Value;
        _maxBodyBytes = options.MaxBodyBytes;
        var body = SampleEvents.Create(Topic, 1, BodyBytes);
        _body = new MemoryStream(body, writable: false);
        _request = new IngestRequest("application/json", body.Length, _body,
            name => name == options.SecretHeaderName ? CpuApp.Secret : null, _ => null, "127.0.0.1");
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public async Task<int> IngestWork()
    {
        _body.Position = 0;
        var body = await BoundedBody.ReadAsync(_body, _maxBodyBytes, CancellationToken.None)
            ?? throw new InvalidOperationException("The body is larger than Ingest:MaxBodyBytes.");
        var authentication = _authenticator.Authenticate(_request, body);
        if (!authentication.Succeeded)
        {
            throw new InvalidOperationException($"Authentication failed: {authentication.Reason}.");
        }

        var webhook = WebhookParser.Parse(body);
        var queueName = Topics.QueueFor(webhook.Topic);
        var envelope = new EventEnvelope(webhook.EventId, webhook.Topic, TimeProvider.System.GetUtcNow(), body);
        var message = envelope.Serialize();
        if (message.ToMemory().Length > EventEnvelope.MaxQueueMessageBytes)
        {
            // As EventQueueWriter does, minus the upload: the message names the blob instead of carrying the body.
            var blobName = $"{envelope.EventId}/{Guid.NewGuid():N}.json";
            message = (envelope with { Payload = default, PayloadBlob = blobName }).Serialize();
        }

        return message.ToMemory().Length + queueName.Length;
    }

    [Benchmark]
    public async Task<int> IngestServiceInMemory()
    {
        _body.Position = 0;
        var response = await _ingest.HandleAsync(_request, CancellationToken.None);
        return response.StatusCode == 200
            ? response.Body.Length
            : throw new InvalidOperationException($"Ingest returned {response.StatusCode} ({response.Reason}).");
    }
}
