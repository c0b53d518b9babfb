using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using VambeFunctions.Ingest;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Ingest;

[Collection(AzuriteCollection.Name)]
public sealed class IngestRejectionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly byte[] ValidBody = Encoding.UTF8.GetBytes("""{"event":"ticket.created","data":{"ticket_id":"t-1"}}""");

    private readonly TestApp _app = new(azurite, new Dictionary<string, string?> { ["Ingest:MaxBodyBytes"] = "2048" });

    public Task InitializeAsync() => azurite.ResetAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string?> NonJsonContentTypes => new() { null, "", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp" };

    [Theory]
    [MemberData(nameof(NonJsonContentTypes))]
    public async Task NonJsonContentType_Gets415(string? contentType)
    {
        var response = await HandleAsync(Requests.Json(ValidBody, contentType: contentType!));

        AssertProblem(response, 415, "unsupported-media-type");
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("APPLICATION/JSON")]
    [InlineData("application/cloudevents+json")]
    public async Task JsonContentTypeVariants_AreAccepted(string contentType)
    {
        var response = await HandleAsync(Requests.Json(ValidBody, contentType: contentType));

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task BodyOverCap_Gets413()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"event":"ticket.created","pad":"{{new string('x', 2100)}}"}""");

        var response = await HandleAsync(Requests.Json(body));

        AssertProblem(response, 413, "body-too-large");
    }

    [Fact]
    public async Task BodyOverCapWithoutContentLength_Gets413()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"event":"ticket.created","pad":"{{new string('x', 2100)}}"}""");
        var request = Requests.Json(body) with { ContentLength = null };

        var response = await HandleAsync(request);

        AssertProblem(response, 413, "body-too-large");
    }

    [Fact]
    public async Task BodyExactlyAtCap_IsAccepted()
    {
        var prefix = """{"event":"ticket.created","pad":" """.TrimEnd();
        var body = Encoding.UTF8.GetBytes(prefix + new string('x', 2048 - prefix.Length - 3) + "\"}\n");

        var response = await HandleAsync(Requests.Json(body));

        Assert.Equal(2048, body.Length);
        Assert.Equal(200, response.StatusCode);
    }

    [Theory]
    [InlineData(null, "missing-secret")]
    [InlineData("", "missing-secret")]
    [InlineData("wrong-secret", "invalid-secret")]
    [InlineData(TestApp.Secret + "x", "invalid-secret")]
    public async Task BadSecret_Gets401(string? secret, string reason)
    {
        var response = await HandleAsync(Requests.Json(ValidBody, secret: secret));

        AssertProblem(response, 401, reason);
    }

    [Fact]
    public async Task SecretInQueryString_IsAccepted()
    {
        var request = Requests.Json(ValidBody, secret: null, query: new Dictionary<string, string> { ["secret"] = TestApp.Secret });

        var response = await HandleAsync(request);

        Assert.Equal(200, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"event\":")]
    [InlineData("not json")]
    [InlineData("{\"event\":\"ticket.created\"} trailing")]
    [InlineData("")]
    [InlineData("   ")]
    public async Task InvalidJson_Gets400(string body)
    {
        var response = await HandleAsync(Requests.Json(Encoding.UTF8.GetBytes(body)));

        AssertProblem(response, 400, "invalid-json");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"ticket.created\"")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task JsonThatIsNotAnObject_Gets400(string body)
    {
        var response = await HandleAsync(Requests.Json(Encoding.UTF8.GetBytes(body)));

        AssertProblem(response, 400, "not-an-object");
    }

    [Theory]
    [InlineData("{}", "missing-topic")]
    [InlineData("{\"data\":{\"messageId\":\"m-1\"}}", "missing-topic")]
    [InlineData("{\"event\":42}", "invalid-topic")]
    [InlineData("{\"type\":\"\"}", "invalid-topic")]
    [InlineData("{\"topic\":null}", "invalid-topic")]
    public async Task MissingOrInvalidTopic_Gets400(string body, string reason)
    {
        var response = await HandleAsync(Requests.Json(Encoding.UTF8.GetBytes(body)));

        AssertProblem(response, 400, reason);
    }

    [Fact]
    public async Task Checks_RunInDocumentedOrder()
    {
        var oversizedInvalid = Encoding.UTF8.GetBytes(new string('x', 4096));

        var mediaFirst = await HandleAsync(Requests.Json(oversizedInvalid, secret: "wrong", contentType: "text/plain"));
        var sizeSecond = await HandleAsync(Requests.Json(oversizedInvalid, secret: "wrong"));
        var authThird = await HandleAsync(Requests.Json(Encoding.UTF8.GetBytes("not json"), secret: "wrong"));

        Assert.Equal(415, mediaFirst.StatusCode);
        Assert.Equal(413, sizeSecond.StatusCode);
        Assert.Equal(401, authThird.StatusCode);
    }

    [Fact]
    public async Task Rejection_EnqueuesNothingAndLogsWarning()
    {
        await HandleAsync(Requests.Json(ValidBody, secret: "wrong"));

        Assert.False(await azurite.Queues.GetQueueClient(QueueNames.TicketCreated).ExistsAsync());
        var line = Assert.Single(_app.Logs.Lines, line => line.EventId == 1001);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, line.Level);
        Assert.Contains("invalid-secret", line.Message);
        Assert.DoesNotContain("wrong", line.Message);
    }

    [Fact]
    public async Task StorageRefusingConnections_Gets503WithRetryAfter()
    {
        var port = FreeLoopbackPort();
        await using var app = new TestApp(AccountAt(port));

        var stopwatch = Stopwatch.StartNew();
        var response = await app.Get<IngestService>().HandleAsync(Requests.Json(ValidBody), CancellationToken.None);
        stopwatch.Stop();

        AssertProblem(response, 503, "storage-unavailable");
        Assert.Equal("10", response.Headers["Retry-After"]);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.Contains(app.Logs.Lines, line => line.EventId == 1002 && line.Message.Contains("ticket.created:"));
    }

    [Fact]
    public async Task StorageThatNeverAnswers_Gets503WithinDeadline()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<TcpClient>();
        var acceptLoop = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    accepted.Add(await listener.AcceptTcpClientAsync());
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        });
        await using var app = new TestApp(AccountAt(((IPEndPoint)listener.LocalEndpoint).Port));

        var stopwatch = Stopwatch.StartNew();
        var response = await app.Get<IngestService>().HandleAsync(Requests.Json(ValidBody), CancellationToken.None);
        stopwatch.Stop();
        listener.Stop();
        await acceptLoop;
        accepted.ForEach(client => client.Dispose());

        AssertProblem(response, 503, "storage-unavailable");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.NotEmpty(accepted);
    }

    private Task<IngestResponse> HandleAsync(IngestRequest request) =>
        _app.Get<IngestService>().HandleAsync(request, CancellationToken.None);

    private static void AssertProblem(IngestResponse response, int status, string reason)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.ContentType);
        var problem = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    private static string AccountAt(int port) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + $"QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;"
        + $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
