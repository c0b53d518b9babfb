using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VambeFunctions.Events;
using VambeFunctions.Ingest;

namespace VambeFunctions.Benchmarks.Cpu;

/// <summary>Each step of <see cref="IngestBenchmarks.IngestWork"/> alone, for a 1 KiB body.</summary>
[MemoryDiagnoser]
public class IngestStepBenchmarks
{
    private const int BodyBytes = 1024;

    private ServiceProvider _services = null!;
    private IWebhookAuthenticator _authenticator = null!;
    private IngestRequest _request = null!;
    private MemoryStream _stream = null!;
    private byte[] _body = null!;
    private EventEnvelope _envelope = null!;

    [Params(Topics.MessageReceived, Topics.TicketUpdated)]
    public string Topic { get; set; } = Topics.MessageReceived;

    [GlobalSetup]
    public void Setup()
    {
        _services = CpuApp.Build(new InMemoryStorageHandler());
        _authenticator = _services.GetRequiredService<IWebhookAuthenticator>();
        var options = _services.GetRequiredService<IOptions<IngestOptions>>().Value;
        _body = SampleEvents.Create(Topic, 1, BodyBytes);
        _stream = new MemoryStream(_body, writable: false);
        _request = new IngestRequest("application/json", _body.Length, _stream,
            name => name == options.SecretHeaderName ? CpuApp.Secret : null, _ => null, "127.0.0.1");
        var webhook = WebhookParser.Parse(_body);
        _envelope = new EventEnvelope(webhook.EventId, webhook.Topic, DateTimeOffset.UtcNow, _body);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public async Task<int> ReadBody()
    {
        _stream.Position = 0;
        var body = await BoundedBody.ReadAsync(_stream, 256 * 1024, CancellationToken.None);
        return body!.Length;
    }

    [Benchmark]
    public bool Authenticate() => _authenticator.Authenticate(_request, _body).Succeeded;

    [Benchmark]
    public string ParseAndDeriveId() => WebhookParser.Parse(_body).EventId;

    [Benchmark]
    public int SerializeEnvelope() => _envelope.Serialize().ToMemory().Length;
}
