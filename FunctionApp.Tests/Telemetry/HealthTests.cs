using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;
using VambeFunctions.Functions;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Telemetry;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_ReportsOutageWhenAzuriteStops()
    {
        using var azurite = await AzuriteProcess.StartAsync();
        await using var app = new TestApp(azurite.ConnectionString);

        var (upStatus, upBody) = await CallAsync(app);
        azurite.Stop();
        var (downStatus, downBody) = await CallAsync(app);

        Assert.Equal(200, upStatus);
        Assert.Equal("healthy", upBody.GetProperty("status").GetString());
        Assert.Equal("ok", upBody.GetProperty("checks").GetProperty("queues").GetString());
        Assert.Equal("ok", upBody.GetProperty("checks").GetProperty("tables").GetString());
        Assert.Equal(503, downStatus);
        Assert.Equal("unhealthy", downBody.GetProperty("status").GetString());
        Assert.Equal("unreachable", downBody.GetProperty("checks").GetProperty("queues").GetString());
        Assert.Equal("unreachable", downBody.GetProperty("checks").GetProperty("tables").GetString());
    }

    [Fact]
    public async Task Health_ExposesNoConfiguration()
    {
        using var azurite = await AzuriteProcess.StartAsync();
        await using var app = new TestApp(azurite.ConnectionString);

        var (_, body) = await CallAsync(app);

        var text = body.GetRawText();
        Assert.DoesNotContain("127.0.0.1", text);
        Assert.DoesNotContain("devstoreaccount1", text);
        Assert.DoesNotContain(TestApp.Secret, text);
        Assert.Equal(["status", "checks"], body.EnumerateObject().Select(property => property.Name));
    }

    private static async Task<(int Status, JsonElement Body)> CallAsync(TestApp app)
    {
        var request = new TestHttpRequestData(new Uri("http://127.0.0.1:7071/api/health"), [], new HttpHeadersCollection());

        var response = await app.Create<HealthFunction>().Health(request, CancellationToken.None);

        response.Body.Position = 0;
        return ((int)response.StatusCode, (await JsonDocument.ParseAsync(response.Body)).RootElement.Clone());
    }
}
