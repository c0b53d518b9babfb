using System.Text.Json;
using VambeFunctions.Events;
using VambeFunctions.Tests.Infrastructure;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace VambeFunctions.Tests.Cli;

/// <summary>Each webhooks subcommand against a fake Vambe, with its exact request and its output.</summary>
public sealed class WebhookCommandsTests : IAsyncLifetime, IDisposable
{
    private const string ApiKey = "vambe-key-5c1d9e";
    private const string FunctionKey = "fnKey0123456789abcdef";
    private const string WarmUpPath = "/warm-up";
    private const string WebhookUrl = "https://vambe-app.azurewebsites.net/api/webhooks/vambe?code=" + FunctionKey;
    private const string WebhookJson =
        $$"""{"id":"wh-1","url":"{{WebhookUrl}}","topics":["message.received","ticket.created"],"active":true,"description":"prod","secret":"shared-secret-9f8e7d","deletedAt":null}""";

    private readonly FakeServer _vambe = new();
    private readonly CliRunner _cli = new();

    public async Task InitializeAsync()
    {
        Respond("GET", "/api/webhooks", $"[{WebhookJson}]");
        Respond("POST", "/api/webhooks", WebhookJson);
        Respond("GET", "/api/webhooks/wh-1", WebhookJson);
        Respond("PUT", "/api/webhooks/wh-1", WebhookJson);
        Respond("DELETE", "/api/webhooks/wh-1", """{"success":true}""");
        Respond("POST", "/api/webhooks/wh-1/restore", WebhookJson);
        Respond("GET", "/api/webhooks/topics", """["message.received","message.sent",{"name":"ticket.created","description":"A ticket was opened"}]""");
        Respond("GET", "/api/webhooks/calls", """
            {"data":[{"id":"call-1","webhookId":"wh-1","event":"message.received","statusCode":200,"createdAt":"2026-03-02T14:05:00Z",
              "payload":{"data":{"fromNumber":"+56911112222","message":"hola necesito ayuda"}},
              "requestHeaders":{"x-webhook-secret":"shared-secret-9f8e7d"}}],"total":1}
            """);
        _vambe.Server.Given(Request.Create().WithPath("/api/webhooks/missing").UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(404));
        _cli.Variables["VAMBE_API_KEY"] = ApiKey;
        _cli.Variables["VAMBE_BASE_URL"] = _vambe.Url;

        // WireMock's first response can take over a second while it warms up.
        using var warmUp = new HttpClient();
        await warmUp.GetAsync(_vambe.Url + WarmUpPath);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _vambe.Dispose();
        _cli.Dispose();
    }

    [Fact]
    public async Task List_PrintsTableWithMaskedKey()
    {
        var result = await _cli.RunAsync("webhooks", "list");

        Assert.Equal(0, result.ExitCode);
        AssertRequest("GET", "/api/webhooks", body: null);
        var expected = """
            ID    STATE   TOPICS                           URL                                                                DESCRIPTION
            wh-1  active  message.received,ticket.created  https://vambe-app.azurewebsites.net/api/webhooks/vambe?code=fnKe…  prod

            """;
        Assert.Equal(expected.ReplaceLineEndings(), result.Output);
        Assert.DoesNotContain(FunctionKey, result.Output);
    }

    [Fact]
    public async Task ListJson_MasksKeyAndSecret()
    {
        var result = await _cli.RunAsync("webhooks", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        var webhook = Assert.Single(JsonDocument.Parse(result.Output).RootElement.EnumerateArray());
        Assert.Equal("wh-1", webhook.GetProperty("id").GetString());
        Assert.Equal("https://vambe-app.azurewebsites.net/api/webhooks/vambe?code=fnKe…", webhook.GetProperty("url").GetString());
        Assert.Equal("shar…", webhook.GetProperty("secret").GetString());
        Assert.Equal(JsonValueKind.Null, webhook.GetProperty("deletedAt").ValueKind);
        Assert.True(webhook.GetProperty("active").GetBoolean());
        Assert.DoesNotContain(FunctionKey, result.Output);
        Assert.DoesNotContain("shared-secret-9f8e7d", result.Output);
    }

    [Fact]
    public async Task Get_PrintsDetails()
    {
        var result = await _cli.RunAsync("webhooks", "get", "wh-1");

        Assert.Equal(0, result.ExitCode);
        AssertRequest("GET", "/api/webhooks/wh-1", body: null);
        Assert.Contains("ID           wh-1", result.Output);
        Assert.Contains("State        active", result.Output);
        Assert.Contains("Topics       message.received, ticket.created", result.Output);
        Assert.Contains("URL          https://vambe-app.azurewebsites.net/api/webhooks/vambe?code=fnKe…", result.Output);
    }

    [Fact]
    public async Task Create_PostsGivenFields()
    {
        var result = await _cli.RunAsync("webhooks", "create", "--url", "https://example.test/hook?code=abc",
            "--topics", "ticket.created, message.received", "--description", "staging");

        Assert.Equal(0, result.ExitCode);
        AssertRequest("POST", "/api/webhooks",
            """{"url":"https://example.test/hook?code=abc","topics":["ticket.created","message.received"],"active":true,"description":"staging"}""");
        Assert.StartsWith("Created webhook wh-1.", result.Output);
    }

    [Fact]
    public async Task CreateInactive_PostsActiveFalse()
    {
        var result = await _cli.RunAsync("webhooks", "create", "--url", "https://example.test/hook", "--topics", "ticket.closed", "--inactive");

        Assert.Equal(0, result.ExitCode);
        AssertRequest("POST", "/api/webhooks", """{"url":"https://example.test/hook","topics":["ticket.closed"],"active":false}""");
    }

    [Fact]
    public async Task Update_PutsOnlyGivenFields()
    {
        var result = await _cli.RunAsync("webhooks", "update", "wh-1", "--active", "false", "--topics", "stage.changed");

        Assert.Equal(0, result.ExitCode);
        AssertRequest("PUT", "/api/webhooks/wh-1", """{"topics":["stage.changed"],"active":false}""");
        Assert.StartsWith("Updated webhook wh-1.", result.Output);
    }

    [Fact]
    public async Task Update_UrlAndDescription()
    {
        var result = await _cli.RunAsync("webhooks", "update", "wh-1", "--url", "https://example.test/new", "--description", "moved");

        Assert.Equal(0, result.ExitCode);
        AssertRequest("PUT", "/api/webhooks/wh-1", """{"url":"https://example.test/new","description":"moved"}""");
    }

    [Fact]
    public async Task UpdateWithoutFields_FailsWithoutRequest()
    {
        var result = await _cli.RunAsync("webhooks", "update", "wh-1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Nothing to update", result.Error);
        Assert.Empty(ApiRequests());
    }

    [Fact]
    public async Task Delete_SendsDelete()
    {
        var result = await _cli.RunAsync("webhooks", "delete", "wh-1");

        Assert.Equal(0, result.ExitCode);
        AssertRequest("DELETE", "/api/webhooks/wh-1", body: null);
        Assert.Equal("Deleted webhook wh-1. 'webhooks restore wh-1' undoes it.\n".ReplaceLineEndings(), result.Output);
    }

    [Fact]
    public async Task Restore_PostsToRestorePath()
    {
        var result = await _cli.RunAsync("webhooks", "restore", "wh-1");

        Assert.Equal(0, result.ExitCode);
        AssertRequest("POST", "/api/webhooks/wh-1/restore", body: null);
        Assert.StartsWith("Restored webhook wh-1.", result.Output);
    }

    [Fact]
    public async Task Topics_ListsStringsAndObjects()
    {
        var result = await _cli.RunAsync("webhooks", "topics");

        Assert.Equal(0, result.ExitCode);
        AssertRequest("GET", "/api/webhooks/topics", body: null);
        var expected = """
            TOPIC             DESCRIPTION
            message.received
            message.sent
            ticket.created    A ticket was opened

            """;
        Assert.Equal(expected.ReplaceLineEndings(), result.Output);
    }

    [Fact]
    public async Task Calls_OmitBodiesAndHeaders()
    {
        var table = await _cli.RunAsync("webhooks", "calls");
        var json = await _cli.RunAsync("webhooks", "calls", "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Equal(0, json.ExitCode);
        Assert.All(ApiRequests(), entry => Assert.Equal("/api/webhooks/calls", entry.RequestMessage.Path));
        Assert.Contains("2026-03-02T14:05:00Z  wh-1     message.received  200     call-1", table.Output);
        var call = Assert.Single(JsonDocument.Parse(json.Output).RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("[omitted]", call.GetProperty("payload").GetString());
        Assert.Equal("[omitted]", call.GetProperty("requestHeaders").GetString());
        Assert.Equal(200, call.GetProperty("statusCode").GetInt32());
        foreach (var output in new[] { table.Output, json.Output })
        {
            Assert.DoesNotContain("56911112222", output);
            Assert.DoesNotContain("hola", output);
            Assert.DoesNotContain("shared-secret-9f8e7d", output);
        }
    }

    [Fact]
    public async Task Register_SubscribesEveryTopicAndMasks()
    {
        var result = await _cli.RunAsync("webhooks", "register", "--url", WebhookUrl, "--secret-header-value", "shared-secret-9f8e7d");

        Assert.Equal(0, result.ExitCode);
        var topics = string.Join(",", Topics.Known.Select(topic => $"\"{topic}\""));
        AssertRequest("POST", "/api/webhooks",
            $$"""{"url":"{{WebhookUrl}}","topics":[{{topics}}],"active":true,"description":"VambeFunctions ingest","secret":"shared-secret-9f8e7d"}""");
        Assert.Contains("Registered webhook wh-1 (active).", result.Output);
        Assert.Contains("URL           https://vambe-app.azurewebsites.net/api/webhooks/vambe?code=fnKe…", result.Output);
        Assert.Contains("Function key  fnKe…", result.Output);
        Assert.Contains("Secret        shar…", result.Output);
        Assert.DoesNotContain(FunctionKey, result.Output + result.Error);
        Assert.DoesNotContain("shared-secret-9f8e7d", result.Output + result.Error);
        Assert.DoesNotContain(ApiKey, result.Output + result.Error);
    }

    [Fact]
    public async Task RegisterWithTopics_SendsOnlyThose()
    {
        var result = await _cli.RunAsync("webhooks", "register", "--url", "https://app.example.test/api/webhooks/vambe",
            "--topics", "ticket.created");

        Assert.Equal(0, result.ExitCode);
        AssertRequest("POST", "/api/webhooks",
            """{"url":"https://app.example.test/api/webhooks/vambe","topics":["ticket.created"],"active":true,"description":"VambeFunctions ingest"}""");
        Assert.Contains("no code= query value", result.Error);
        Assert.Contains("Secret        none", result.Output);
    }

    [Fact]
    public async Task BadApiKey_ExitsWithClearMessage()
    {
        _vambe.Server.Given(Request.Create().WithPath("/api/webhooks").UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(401));

        var result = await _cli.RunAsync("webhooks", "list");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("Vambe rejected the API key (401). Check VAMBE_API_KEY.\n".ReplaceLineEndings(), result.Error);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task UnknownId_ExitsNotFound()
    {
        var result = await _cli.RunAsync("webhooks", "get", "missing");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("Webhook 'missing' was not found in Vambe (404).", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task MissingApiKey_ExitsBeforeRequest()
    {
        _cli.Variables.Remove("VAMBE_API_KEY");

        var result = await _cli.RunAsync("webhooks", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("VAMBE_API_KEY is not set.", result.Error);
        Assert.Empty(ApiRequests());
    }

    [Fact]
    public async Task RefusedConnection_NamesUrlWithoutQuery()
    {
        var closedPort = FakeServer.FreePort();

        var result = await _cli.RunAsync("webhooks", "list", "--base-url", $"http://127.0.0.1:{closedPort}/?token=base-url-secret");

        Assert.Equal(5, result.ExitCode);
        Assert.StartsWith($"Could not reach http://127.0.0.1:{closedPort}/api/webhooks:", result.Error);
        Assert.DoesNotContain("base-url-secret", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task SlowVambe_TimesOut()
    {
        _vambe.Server.Given(Request.Create().WithPath("/api/webhooks").UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("[]").WithDelay(TimeSpan.FromSeconds(5)));

        var result = await _cli.RunAsync("webhooks", "list", "--timeout", "1");

        Assert.Equal(5, result.ExitCode);
        Assert.StartsWith($"Timed out after 1 s waiting for {_vambe.Url}/api/webhooks.", result.Error);
    }

    private void Respond(string method, string path, string body) =>
        _vambe.Server.Given(Request.Create().WithPath(path).UsingMethod(method)).AtPriority(5)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

    private List<ILogEntry> ApiRequests() =>
        [.. _vambe.Server.LogEntries.Where(entry => entry.RequestMessage.Path != WarmUpPath)];

    private void AssertRequest(string method, string path, string? body)
    {
        var request = Assert.Single(ApiRequests()).RequestMessage;
        Assert.Equal(method, request.Method);
        Assert.Equal(path, request.Path);
        Assert.Equal(ApiKey, request.Headers!["x-api-key"].Single());
        Assert.Equal(body, string.IsNullOrEmpty(request.Body) ? null : request.Body);
    }
}
