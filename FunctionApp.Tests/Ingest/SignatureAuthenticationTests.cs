using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StandardWebhooks;
using VambeFunctions.Ingest;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Ingest;

[Collection(AzuriteCollection.Name)]
public sealed class SignatureAuthenticationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string OldSecret = "vambe-old-secret";
    private const string NewSecret = "vambe-new-secret";
    private static readonly string WhsecOld = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("standard-webhooks-old-key-32byte"));
    private static readonly string WhsecNew = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("standard-webhooks-new-key-32byte"));
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"event":"ticket.created","data":{"ticket_id":"t-77"}}""");

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public Task InitializeAsync() => azurite.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(OldSecret, false)]
    [InlineData(NewSecret, false)]
    [InlineData(NewSecret, true)]
    public async Task VambeSignature_AcceptsEveryRotatedSecretInSecondsOrMilliseconds(string secret, bool milliseconds)
    {
        var timestamp = milliseconds ? _time.GetUtcNow().ToUnixTimeMilliseconds() : _time.GetUtcNow().ToUnixTimeSeconds();

        var response = await VambeAsync(VambeHeaders(secret, timestamp.ToString(CultureInfo.InvariantCulture), Body));

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task VambeSignature_RejectsEachFailureClass()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var stale = _time.GetUtcNow().AddMinutes(-6).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var future = _time.GetUtcNow().AddMinutes(6).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var valid = VambeHeaders(OldSecret, now, Body);

        await AssertRejected(VambeAsync(new Dictionary<string, string>()), "missing-signature");
        await AssertRejected(VambeAsync(new() { ["x-vambe-timestamp"] = now }), "missing-signature");
        await AssertRejected(VambeAsync(new(valid) { ["x-vambe-timestamp"] = "yesterday" }), "malformed-header");
        await AssertRejected(VambeAsync(new(valid) { ["x-vambe-signature"] = "zz" + valid["x-vambe-signature"][2..] }), "malformed-header");
        await AssertRejected(VambeAsync(new(valid) { ["x-vambe-signature"] = valid["x-vambe-signature"].ToUpperInvariant()[..10] }), "malformed-header");
        await AssertRejected(VambeAsync(VambeHeaders(OldSecret, stale, Body)), "timestamp-outside-tolerance");
        await AssertRejected(VambeAsync(VambeHeaders(OldSecret, future, Body)), "timestamp-outside-tolerance");
        await AssertRejected(VambeAsync(VambeHeaders("retired-secret", now, Body)), "signature-mismatch");
        await AssertRejected(VambeAsync(VambeHeaders(OldSecret, now, Encoding.UTF8.GetBytes(" " + Encoding.UTF8.GetString(Body)))), "signature-mismatch");
    }

    [Fact]
    public async Task VambeSignature_CoversExactBytes()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signedBody = Encoding.UTF8.GetBytes("""{"event":"ticket.created","data":{"name":"Ana"}}""");
        var escapedBody = Encoding.UTF8.GetBytes("""{"event":"ticket.created","data":{"name":"An\u0061"}}""");

        var response = await VambeAsync(VambeHeaders(OldSecret, now, signedBody), escapedBody);

        Assert.Equal(401, response.StatusCode);
    }

    [Fact]
    public async Task StandardWebhooks_AcceptsLibrarySignatureAndUsesWebhookId()
    {
        var headers = StandardHeaders(WhsecNew, "msg_2x1Yz/9", _time.GetUtcNow(), Body);

        var response = await StandardAsync(headers);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("msg_2x1Yz%2F9", JsonDocument.Parse(response.Body).RootElement.GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task StandardWebhooks_AcceptsOneMatchAmongSeveralSignatures()
    {
        var headers = StandardHeaders(WhsecOld, "msg_1", _time.GetUtcNow(), Body);
        headers["webhook-signature"] = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v2,ignored " + headers["webhook-signature"];

        var response = await StandardAsync(headers);

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task StandardWebhooks_RejectsEachFailureClass()
    {
        var valid = StandardHeaders(WhsecOld, "msg_1", _time.GetUtcNow(), Body);
        var otherKey = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        await AssertRejected(StandardAsync(new(valid) { ["webhook-id"] = "" }), "missing-signature");
        await AssertRejected(StandardAsync(new(valid) { ["webhook-signature"] = "" }), "missing-signature");
        await AssertRejected(StandardAsync(new(valid) { ["webhook-timestamp"] = "12:00" }), "malformed-header");
        await AssertRejected(StandardAsync(new(valid) { ["webhook-signature"] = "v1;nocomma" }), "malformed-header");
        await AssertRejected(StandardAsync(StandardHeaders(WhsecOld, "msg_1", _time.GetUtcNow().AddMinutes(-10), Body)), "timestamp-outside-tolerance");
        await AssertRejected(StandardAsync(StandardHeaders(otherKey, "msg_1", _time.GetUtcNow(), Body)), "signature-mismatch");
        await AssertRejected(StandardAsync(new(valid) { ["webhook-id"] = "msg_2" }), "signature-mismatch");
    }

    [Fact]
    public async Task Rejection_NamesReasonButNoSecret()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await using var app = App(AuthMode.VambeSignature, $"{OldSecret},{NewSecret}");
        var headers = VambeHeaders("retired-secret", now, Body);

        var response = await app.Get<IngestService>().HandleAsync(Requests.Json(Body, secret: null, headers: headers), CancellationToken.None);

        var text = Encoding.UTF8.GetString(response.Body);
        Assert.Contains("signature-mismatch", text);
        Assert.DoesNotContain(OldSecret, text);
        Assert.DoesNotContain(headers["x-vambe-signature"], text);
        var logged = string.Join("\n", app.Logs.Lines.Select(line => line.Message));
        Assert.Contains("signature-mismatch", logged);
        Assert.Contains("127.0.0.1", logged);
        Assert.DoesNotContain(headers["x-vambe-signature"], logged);
    }

    [Fact]
    public async Task RepeatedRejections_AreCountedNotLogged()
    {
        await using var app = App(AuthMode.VambeSignature, OldSecret);
        var service = app.Get<IngestService>();

        for (var i = 0; i < 50; i++)
        {
            await service.HandleAsync(Requests.Json(Body, secret: null), CancellationToken.None);
        }

        _time.Advance(TimeSpan.FromMinutes(2));
        await service.HandleAsync(Requests.Json(Body, secret: null), CancellationToken.None);

        Assert.Equal(2, app.Logs.Lines.Count(line => line.EventId == 1001));
        var summary = Assert.Single(app.Logs.Lines, line => line.EventId == 1003);
        Assert.Contains("Rejected 49 more webhooks with reason missing-signature", summary.Message);
    }

    [Fact]
    public async Task StandardWebhooksMode_RejectsSecretsThatAreNotBase64()
    {
        await using var app = App(AuthMode.StandardWebhooks, "not base64!");

        var error = await Assert.ThrowsAnyAsync<Exception>(app.StartAsync);

        Assert.Contains("whsec_", error.Message);
    }

    private TestApp App(AuthMode mode, string secrets) =>
        new(azurite, new Dictionary<string, string?> { ["Ingest:AuthMode"] = mode.ToString(), ["Ingest:Secrets"] = secrets },
            services => services.AddSingleton<TimeProvider>(_time));

    private async Task<IngestResponse> VambeAsync(Dictionary<string, string> headers, byte[]? body = null)
    {
        await using var app = App(AuthMode.VambeSignature, $"{OldSecret},{NewSecret}");
        return await app.Get<IngestService>().HandleAsync(Requests.Json(body ?? Body, secret: null, headers: headers), CancellationToken.None);
    }

    private async Task<IngestResponse> StandardAsync(Dictionary<string, string> headers)
    {
        await using var app = App(AuthMode.StandardWebhooks, $"{WhsecOld},{WhsecNew}");
        return await app.Get<IngestService>().HandleAsync(Requests.Json(Body, secret: null, headers: headers), CancellationToken.None);
    }

    private static Dictionary<string, string> VambeHeaders(string secret, string timestamp, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return new Dictionary<string, string> { ["x-vambe-timestamp"] = timestamp, ["x-vambe-signature"] = signature };
    }

    private static Dictionary<string, string> StandardHeaders(string secret, string id, DateTimeOffset timestamp, byte[] body) => new()
    {
        ["webhook-id"] = id,
        ["webhook-timestamp"] = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["webhook-signature"] = new StandardWebhook(secret).Sign(id, timestamp, Encoding.UTF8.GetString(body)),
    };

    private static async Task AssertRejected(Task<IngestResponse> responseTask, string reason)
    {
        var response = await responseTask;
        Assert.Equal(401, response.StatusCode);
        Assert.Equal(reason, JsonDocument.Parse(response.Body).RootElement.GetProperty("reason").GetString());
    }
}
