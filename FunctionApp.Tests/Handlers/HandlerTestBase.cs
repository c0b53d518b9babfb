using VambeFunctions.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace VambeFunctions.Tests.Handlers;

/// <summary>
/// The app wired to one fake server on 127.0.0.1 for Vambe, the chat webhook and the CRM, with
/// short timeouts and retries so fault tests run quickly.
/// </summary>
public abstract class HandlerTestBase(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string ApiKey = "vambe-api-key-7f3e";
    public const string ChatPath = "/chat/hook";
    public const string CrmPath = "/crm/events";
    public const string WarmUpPath = "/warm-up";
    public const string CrmSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    protected FakeServer Fake { get; } = new();

    protected TestApp App { get; private set; } = null!;

    protected Pipeline Pipeline { get; private set; } = null!;

    protected AzuriteFixture Azurite => azurite;

    public virtual async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        App = new TestApp(azurite, Settings());
        Pipeline = new Pipeline(App, azurite);
        Fake.Server.Given(Request.Create().UsingAnyMethod()).AtPriority(100)
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new { success = true }));

        // WireMock's first response can take over a second while it warms up, which would count as a timeout.
        using var warmUp = new HttpClient();
        await warmUp.GetAsync(Fake.Url + WarmUpPath);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Fake.Dispose();
    }

    protected virtual Dictionary<string, string?> Settings() => new()
    {
        ["Vambe:BaseUrl"] = Fake.Url,
        ["Vambe:ApiKey"] = ApiKey,
        ["Alerts:WebhookUrl"] = Fake.Url + ChatPath,
        ["Crm:Url"] = Fake.Url + CrmPath,
        ["Crm:SigningSecret"] = CrmSecret,
        ["Routing:Rules:0:Name"] = "urgent",
        ["Routing:Rules:0:Keywords:0"] = "urgente",
        ["Routing:Rules:0:Keywords:1"] = "urgent",
        ["Routing:Rules:0:Tags:0"] = "urgent",
        ["Routing:Rules:0:Tags:1"] = "high-priority",
        ["Routing:Rules:0:Alert"] = "true",
        ["Routing:Rules:1:Name"] = "billing",
        ["Routing:Rules:1:Keywords:0"] = "pago",
        ["Routing:Rules:1:Keywords:1"] = "factura",
        ["Routing:Rules:1:Tags:0"] = "billing",
        ["Routing:Rules:1:TeamMemberId"] = "member-billing",
        ["Routing:Rules:2:Name"] = "support",
        ["Routing:Rules:2:Keywords:0"] = "no funciona",
        ["Routing:Rules:2:TeamMemberId"] = "member-support",
        ["Routing:DefaultTeamMemberId"] = "member-default",
        ["Funnel:QualifiedStages"] = "stage-qualified, stage-won",
        ["Outbound:AttemptTimeoutSeconds"] = "2",
        ["Outbound:TotalTimeoutSeconds"] = "10",
        ["Outbound:MaxRetryAttempts"] = "2",
        ["Outbound:RetryDelayMilliseconds"] = "20",
    };

    /// <summary>Makes a path respond with a status for its first <paramref name="times"/> requests, then 200.</summary>
    protected void FailFirst(string path, int times, int status = 500)
    {
        Fake.Server.Given(Request.Create().WithPath(path)).InScenario(path).WillSetStateTo("recovered", times)
            .RespondWith(Response.Create().WithStatusCode(status));
        Fake.Server.Given(Request.Create().WithPath(path)).InScenario(path).WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new { success = true }));
    }

    /// <summary>Makes a path respond with a status to every request.</summary>
    protected void FailAlways(string path, int status = 500) =>
        Fake.Server.Given(Request.Create().WithPath(path)).AtPriority(1).RespondWith(Response.Create().WithStatusCode(status));

    protected static string MessageReceived(string messageId, string text, string contactId = "5d0c2a51-7f3e-4b8e-9a51-0c2f6e1d9b77",
        string fromNumber = "56911112222") =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            type = "message.received",
            aiContactId = contactId,
            data = new { fromNumber, toNumber = "56933334444", message = text, messageId, messageType = "text", name = "Ana Pérez" },
        });
}
