using System.Diagnostics;
using Polly.Timeout;
using VambeFunctions.Integrations;
using VambeFunctions.Tests.Handlers;
using VambeFunctions.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace VambeFunctions.Tests.Integrations;

[Collection(AzuriteCollection.Name)]
public sealed class OutboundFaultTests(AzuriteFixture azurite) : HandlerTestBase(azurite)
{
    private const string TagPath = "/api/public/channels/whatsapp/56911112222/tags";

    [Fact]
    public async Task TooManyRequests_WaitsForRetryAfter()
    {
        Fake.Server.Given(Request.Create().WithPath(TagPath)).InScenario("429").WillSetStateTo("open", 1)
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2"));
        Fake.Server.Given(Request.Create().WithPath(TagPath)).InScenario("429").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new { notAssignedTags = Array.Empty<string>() }));

        await App.Get<VambeClient>().TagContactAsync("whatsapp", "56911112222", ["urgent"], CancellationToken.None);

        var requests = Fake.Requests(TagPath);
        Assert.Equal(2, requests.Count);
        var wait = requests[1].RequestMessage.DateTime - requests[0].RequestMessage.DateTime;
        Assert.True(wait >= TimeSpan.FromSeconds(1.9), $"retried after {wait}");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(408)]
    public async Task RetryableStatus_IsRetriedThenThrows(int status)
    {
        FailAlways(TagPath, status);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            App.Get<VambeClient>().TagContactAsync("whatsapp", "56911112222", ["urgent"], CancellationToken.None));

        Assert.Equal(status, (int)error.StatusCode!);
        Assert.Equal(3, Fake.Requests(TagPath).Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    public async Task ClientError_IsNotRetried(int status)
    {
        FailAlways(TagPath, status);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            App.Get<VambeClient>().TagContactAsync("whatsapp", "56911112222", ["urgent"], CancellationToken.None));

        Assert.Equal(status, (int)error.StatusCode!);
        Assert.Single(Fake.Requests(TagPath));
    }

    [Fact]
    public async Task SlowResponse_TimesOutEachAttempt()
    {
        Fake.Server.Given(Request.Create().WithPath(TagPath)).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(5)));

        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutRejectedException>(() =>
            App.Get<VambeClient>().TagContactAsync("whatsapp", "56911112222", ["urgent"], CancellationToken.None));

        var attempts = App.Logs.Lines.Where(line => line.Message.StartsWith("Execution attempt", StringComparison.Ordinal));
        Assert.Equal(3, attempts.Count());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task RefusedConnection_IsRetriedThenThrows()
    {
        var closedPort = FakeServer.FreePort();
        await using var app = new TestApp(Azurite, new Dictionary<string, string?>(Settings())
        {
            ["Vambe:BaseUrl"] = $"http://127.0.0.1:{closedPort}",
        });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            app.Get<VambeClient>().TagContactAsync("whatsapp", "56911112222", ["urgent"], CancellationToken.None));

        Assert.Null(error.StatusCode);
        Assert.Contains(app.Logs.Lines, line => line.Message.Contains("Attempt: '2'"));
    }
}
