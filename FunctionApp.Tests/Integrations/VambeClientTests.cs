using VambeFunctions.Integrations;
using VambeFunctions.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace VambeFunctions.Tests.Integrations;

/// <summary>Each management call against a fake Vambe, with its exact request.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class VambeClientTests(AzuriteFixture azurite) : Handlers.HandlerTestBase(azurite)
{
    private const string WebhookJson = """{"id":"wh-1","url":"https://example.test/api/webhooks/vambe","topics":["message.received"],"active":true,"description":"prod","deletedAt":null}""";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Fake.Server.Given(Request.Create().WithPath("/api/webhooks").UsingGet()).AtPriority(5)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($"[{WebhookJson}]"));
        Fake.Server.Given(Request.Create().WithPath("/api/webhooks*").UsingAnyMethod()).AtPriority(6)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(WebhookJson));
    }

    [Fact]
    public async Task ListWebhooks_ReadsEveryField()
    {
        var webhooks = await Client.ListWebhooksAsync(CancellationToken.None);

        var webhook = Assert.Single(webhooks);
        Assert.Equal("wh-1", webhook.Id);
        Assert.Equal(["message.received"], webhook.Topics!);
        Assert.True(webhook.Active);
        Assert.True(webhook.AdditionalProperties!.ContainsKey("deletedAt"));
        AssertRequest("GET", "/api/webhooks", body: null);
    }

    [Fact]
    public async Task CreateWebhook_PostsOnlySetFields()
    {
        var request = new VambeWebhookRequest { Url = "https://example.test/hook", Topics = ["ticket.created"], Active = true };

        var created = await Client.CreateWebhookAsync(request, CancellationToken.None);

        Assert.Equal("wh-1", created!.Id);
        AssertRequest("POST", "/api/webhooks", """{"url":"https://example.test/hook","topics":["ticket.created"],"active":true}""");
    }

    [Fact]
    public async Task UpdateWebhook_PutsToItsId()
    {
        await Client.UpdateWebhookAsync("wh-1", new VambeWebhookRequest { Active = false }, CancellationToken.None);

        AssertRequest("PUT", "/api/webhooks/wh-1", """{"active":false}""");
    }

    [Fact]
    public async Task GetDeleteRestore_UseWebhookPaths()
    {
        await Client.GetWebhookAsync("wh-1", CancellationToken.None);
        await Client.DeleteWebhookAsync("wh-1", CancellationToken.None);
        await Client.RestoreWebhookAsync("wh-1", CancellationToken.None);

        var requests = Fake.Server.LogEntries.Where(entry => entry.RequestMessage.Path != WarmUpPath)
            .Select(entry => $"{entry.RequestMessage.Method} {entry.RequestMessage.Path}");
        Assert.Equal(["GET /api/webhooks/wh-1", "DELETE /api/webhooks/wh-1", "POST /api/webhooks/wh-1/restore"], requests);
    }

    [Fact]
    public async Task TopicsAndCalls_AreRead()
    {
        await Client.ListTopicsAsync(CancellationToken.None);
        await Client.ListCallsAsync(CancellationToken.None);

        AssertRequest("GET", "/api/webhooks/topics", body: null);
        AssertRequest("GET", "/api/webhooks/calls", body: null);
    }

    [Fact]
    public async Task BadApiKey_ThrowsUnauthorized()
    {
        FailAlways("/api/webhooks", 401);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Client.ListWebhooksAsync(CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    private VambeClient Client => App.Get<VambeClient>();

    private void AssertRequest(string method, string path, string? body)
    {
        var request = Assert.Single(Fake.Server.LogEntries, entry => entry.RequestMessage.Path == path).RequestMessage;
        Assert.Equal(method, request.Method);
        Assert.Equal(ApiKey, request.Headers!["x-api-key"].Single());
        Assert.Equal(body, string.IsNullOrEmpty(request.Body) ? null : request.Body);
    }
}
