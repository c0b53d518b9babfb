using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;
using VambeFunctions.Functions;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Ingest;

[Collection(AzuriteCollection.Name)]
public sealed class IngestWebhookFunctionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestApp _app = new(azurite);

    public Task InitializeAsync() => azurite.ResetAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ValidWebhook_Gets200WithEventId()
    {
        var request = Request(Samples.Read("message.received.json"), "application/json", ("x-webhook-secret", TestApp.Secret));

        var response = await _app.Create<IngestWebhookFunction>().IngestWebhook(request, CancellationToken.None);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Headers.GetValues("Content-Type").Single());
        var body = JsonDocument.Parse(ReadBody(response)).RootElement;
        Assert.Equal("message.received:b3f1e2d4-8c7a-4f10-9e2b-6a5d4c3b2a10", body.GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task SecretInQuery_IsReadFromUrl()
    {
        var request = Request(Samples.Read("ticket.created.json"), "application/json",
            query: $"?code=function-key&secret={TestApp.Secret}");

        var response = await _app.Create<IngestWebhookFunction>().IngestWebhook(request, CancellationToken.None);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Rejection_WritesProblemJson()
    {
        var request = Request(Encoding.UTF8.GetBytes("{}"), "text/plain");

        var response = await _app.Create<IngestWebhookFunction>().IngestWebhook(request, CancellationToken.None);

        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Headers.GetValues("Content-Type").Single());
        Assert.Equal(415, JsonDocument.Parse(ReadBody(response)).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task QuerySecret_NeverReachesLogs()
    {
        var request = Request(Encoding.UTF8.GetBytes("not json"), "application/json",
            query: $"?code=function-key-123&secret={TestApp.Secret}");

        await _app.Create<IngestWebhookFunction>().IngestWebhook(request, CancellationToken.None);

        Assert.NotEmpty(_app.Logs.Lines);
        Assert.DoesNotContain(_app.Logs.Lines, line => line.Message.Contains(TestApp.Secret) || line.Message.Contains("function-key-123"));
    }

    private static TestHttpRequestData Request(byte[] body, string contentType, (string Name, string Value)? header = null,
        string query = "")
    {
        var headers = new HttpHeadersCollection { { "Content-Type", contentType }, { "Content-Length", body.Length.ToString() } };
        if (header is { } extra)
        {
            headers.Add(extra.Name, extra.Value);
        }

        return new TestHttpRequestData(new Uri($"http://127.0.0.1:7071/api/webhooks/vambe{query}"), body, headers);
    }

    private static byte[] ReadBody(HttpResponseData response)
    {
        response.Body.Position = 0;
        using var copy = new MemoryStream();
        response.Body.CopyTo(copy);
        return copy.ToArray();
    }
}
