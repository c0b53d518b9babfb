using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using VambeFunctions.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace VambeFunctions.Tests.Cli;

/// <summary><c>events send</c> against a fake ingest endpoint: the body, the headers and each signature.</summary>
public sealed class EventSendTests : IAsyncLifetime, IDisposable
{
    private const string IngestPath = "/api/webhooks/vambe";
    private const string FunctionKey = "fnKeyLocal0123456789";
    private const string SharedSecret = "local-shared-secret-42";
    private const string IngestAnswer = """{"received":true,"eventId":"ticket.created:abc"}""";

    private static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 5, 0, TimeSpan.Zero);

    private readonly FakeServer _ingest = new();
    private readonly CliRunner _cli = new() { Time = new FakeTimeProvider(Now) };

    private string IngestUrl => $"{_ingest.Url}{IngestPath}?code={FunctionKey}";

    public async Task InitializeAsync()
    {
        _ingest.Server.Given(Request.Create().WithPath(IngestPath).UsingPost()).AtPriority(5)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(IngestAnswer));
        _cli.Variables["VAMBE_WEBHOOK_SECRET"] = SharedSecret;

        // WireMock's first response can take over a second while it warms up.
        using var warmUp = new HttpClient();
        await warmUp.GetAsync(_ingest.Url + "/warm-up");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _ingest.Dispose();
        _cli.Dispose();
    }

    [Fact]
    public async Task SharedSecret_PostsSampleWithHeader()
    {
        var sample = Samples.Read("ticket.created.json");

        var result = await _cli.RunAsync("events", "send", "ticket.created", "--url", IngestUrl);

        Assert.Equal(0, result.ExitCode);
        var request = Assert.Single(_ingest.Requests(IngestPath)).RequestMessage;
        Assert.Equal("POST", request.Method);
        Assert.Equal(FunctionKey, request.Query!["code"].Single());
        Assert.Equal(SharedSecret, request.Headers!["x-webhook-secret"].Single());
        Assert.StartsWith("application/json", request.Headers["Content-Type"].Single());
        Assert.Equal(sample, request.BodyAsBytes);
        var expected = $"""
            POST {_ingest.Url}{IngestPath} (samples/ticket.created.json, {sample.Length} bytes, shared-secret)
            200 OK
            {IngestAnswer}

            """;
        Assert.Equal(expected.ReplaceLineEndings(), result.Output);
        Assert.DoesNotContain(FunctionKey, result.Output + result.Error);
        Assert.DoesNotContain(SharedSecret, result.Output + result.Error);
    }

    [Fact]
    public async Task SharedSecret_UsesGivenHeader()
    {
        var result = await _cli.RunAsync("events", "send", "ticket.created", "--url", IngestUrl, "--secret-header", "x-custom-secret");

        Assert.Equal(0, result.ExitCode);
        var request = Assert.Single(_ingest.Requests(IngestPath)).RequestMessage;
        Assert.Equal(SharedSecret, request.Headers!["x-custom-secret"].Single());
        Assert.False(request.Headers.ContainsKey("x-webhook-secret"));
    }

    [Fact]
    public async Task VambeSignature_VerifiesAgainstFileBody()
    {
        var body = """{"event":"ticket.closed","data":{"ticket_id":"t-9"}}"""u8.ToArray();
        await File.WriteAllBytesAsync(Path.Combine(_cli.WorkingDirectory, "saved.json"), body);

        var result = await _cli.RunAsync("events", "send", "saved.json", "--url", IngestUrl, "--mode", "vambe-signature");

        Assert.Equal(0, result.ExitCode);
        var request = Assert.Single(_ingest.Requests(IngestPath)).RequestMessage;
        Assert.Equal(body, request.BodyAsBytes);
        var timestamp = request.Headers!["x-vambe-timestamp"].Single();
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(), timestamp);
        var signed = Encoding.ASCII.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(SharedSecret), signed);
        Assert.Equal(Convert.ToHexStringLower(expected), request.Headers["x-vambe-signature"].Single());
        Assert.False(request.Headers.ContainsKey("x-webhook-secret"));
        Assert.Contains("(saved.json, ", result.Output);
    }

    [Fact]
    public async Task StandardWebhooks_SignatureVerifies()
    {
        var key = RandomNumberGenerator.GetBytes(24);
        _cli.Variables["VAMBE_WEBHOOK_SECRET"] = "whsec_" + Convert.ToBase64String(key);
        var sample = Samples.Read("message.received.json");

        var first = await _cli.RunAsync("events", "send", "message.received", "--url", IngestUrl, "--mode", "standard-webhooks");
        var second = await _cli.RunAsync("events", "send", "message.received", "--url", IngestUrl, "--mode", "standard-webhooks");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        var requests = _ingest.Requests(IngestPath).Select(entry => entry.RequestMessage).ToList();
        Assert.Equal(2, requests.Count);
        var request = requests[0];
        var id = request.Headers!["webhook-id"].Single();
        var timestamp = request.Headers["webhook-timestamp"].Single();
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(), timestamp);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(sample).ToArray();
        Assert.Equal("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed)), request.Headers["webhook-signature"].Single());
        Assert.Equal(sample, request.BodyAsBytes);
        Assert.Equal(id, requests[1].Headers!["webhook-id"].Single());
    }

    [Fact]
    public async Task StandardWebhooksWithPlainSecret_Fails()
    {
        var result = await _cli.RunAsync("events", "send", "message.received", "--url", IngestUrl, "--mode", "standard-webhooks");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a Standard Webhooks secret", result.Error);
        Assert.Empty(_ingest.Requests(IngestPath));
    }

    [Fact]
    public async Task RejectedEvent_PrintsStatusAndBody()
    {
        _ingest.Server.Given(Request.Create().WithPath(IngestPath).UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/problem+json")
                .WithBody("""{"title":"Unauthorized","reason":"invalid-secret"}"""));

        var result = await _cli.RunAsync("events", "send", "ticket.created", "--url", IngestUrl);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("401 Unauthorized\n{\"title\":\"Unauthorized\",\"reason\":\"invalid-secret\"}".ReplaceLineEndings(), result.Output);
    }

    [Fact]
    public async Task UnknownSample_ListsSamples()
    {
        var result = await _cli.RunAsync("events", "send", "ticket.reopened", "--url", IngestUrl);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("No file or sample named 'ticket.reopened'.", result.Error);
        Assert.Contains("ticket.created", result.Error);
        Assert.Empty(_ingest.Requests(IngestPath));
    }

    [Fact]
    public async Task MissingSecret_ExitsBeforeRequest()
    {
        _cli.Variables.Remove("VAMBE_WEBHOOK_SECRET");

        var result = await _cli.RunAsync("events", "send", "ticket.created", "--url", IngestUrl);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("VAMBE_WEBHOOK_SECRET is not set.", result.Error);
        Assert.Empty(_ingest.Requests(IngestPath));
    }

    [Fact]
    public async Task RefusedConnection_NamesUrlWithoutKey()
    {
        var url = $"http://127.0.0.1:{FakeServer.FreePort()}{IngestPath}";

        var result = await _cli.RunAsync("events", "send", "ticket.created", "--url", $"{url}?code={FunctionKey}");

        Assert.Equal(5, result.ExitCode);
        Assert.StartsWith($"Could not reach {url}:", result.Error);
        Assert.DoesNotContain(FunctionKey, result.Output + result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }
}
