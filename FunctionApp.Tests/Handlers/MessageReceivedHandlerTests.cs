using System.Text.Json;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Handlers;

[Collection(AzuriteCollection.Name)]
public sealed class MessageReceivedHandlerTests(AzuriteFixture azurite) : HandlerTestBase(azurite)
{
    private const string TagPath = "/api/public/channels/whatsapp/56911112222/tags";
    private const string ContactId = "5d0c2a51-7f3e-4b8e-9a51-0c2f6e1d9b77";

    [Fact]
    public async Task UrgentMessage_TagsAssignsDefaultAndAlerts()
    {
        var eventId = await Pipeline.IngestAsync(MessageReceived("m-1", "Hola, necesito ayuda URGENTE!!"));

        await Pipeline.DrainAsync(QueueNames.MessageReceived);

        var tag = Assert.Single(Fake.Requests(TagPath)).RequestMessage;
        Assert.Equal("POST", tag.Method);
        Assert.Equal(ApiKey, tag.Headers!["x-api-key"].Single());
        Assert.Equal("""{"tags":["urgent","high-priority"]}""", tag.Body);
        var assign = Assert.Single(Fake.Requests($"/api/public/contact/{ContactId}/assign-team-member/member-default")).RequestMessage;
        Assert.Equal("POST", assign.Method);
        Assert.Equal("false", assign.Query!["removeExistingAgents"].Single());
        Assert.Equal(ApiKey, assign.Headers!["x-api-key"].Single());
        var alert = Assert.Single(Fake.Requests(ChatPath)).RequestMessage;
        Assert.Equal("POST", alert.Method);
        Assert.False(alert.Headers!.ContainsKey("x-api-key"));
        var text = JsonDocument.Parse(alert.Body!).RootElement.GetProperty("text").GetString();
        Assert.Equal($"Vambe message.received: Ana Pérez (contact {ContactId}). Matched rules: urgent.", text);
        Assert.StartsWith("message.received:m-1", eventId);
    }

    [Fact]
    public async Task SeveralRules_MergeTagsAndFirstMemberWins()
    {
        await Pipeline.IngestAsync(MessageReceived("m-2", "URGENTE: el pago no funciona"));

        await Pipeline.DrainAsync(QueueNames.MessageReceived);

        Assert.Equal("""{"tags":["urgent","high-priority","billing"]}""", Assert.Single(Fake.Requests(TagPath)).RequestMessage.Body);
        Assert.Single(Fake.Requests($"/api/public/contact/{ContactId}/assign-team-member/member-billing"));
        Assert.Empty(Fake.Requests($"/api/public/contact/{ContactId}/assign-team-member/member-support"));
        Assert.Empty(Fake.Requests($"/api/public/contact/{ContactId}/assign-team-member/member-default"));
        var text = JsonDocument.Parse(Assert.Single(Fake.Requests(ChatPath)).RequestMessage.Body!).RootElement.GetProperty("text").GetString();
        Assert.EndsWith("Matched rules: urgent, billing, support.", text);
    }

    [Fact]
    public async Task WordInsideAnotherWord_DoesNotMatch()
    {
        await Pipeline.IngestAsync(MessageReceived("m-3", "Visitamos la pagoda ayer"));

        await Pipeline.DrainAsync(QueueNames.MessageReceived);

        Assert.Empty(Fake.Requests(TagPath));
        Assert.Empty(Fake.Requests(ChatPath));
        Assert.Single(Fake.Requests($"/api/public/contact/{ContactId}/assign-team-member/member-default"));
    }

    [Fact]
    public async Task DefaultMember_IsAssignedOncePerContactWithinPeriod()
    {
        await Pipeline.IngestAsync(MessageReceived("m-4", "hola"));
        await Pipeline.IngestAsync(MessageReceived("m-5", "sigo esperando"));
        await Pipeline.IngestAsync(MessageReceived("m-6", "hola", contactId: "another-contact"));

        await Pipeline.DrainAsync(QueueNames.MessageReceived);

        Assert.Single(Fake.Requests($"/api/public/contact/{ContactId}/assign-team-member/member-default"));
        Assert.Single(Fake.Requests("/api/public/contact/another-contact/assign-team-member/member-default"));
    }

    [Fact]
    public async Task AlertFailingOnce_RetriesOnlyTheAlert()
    {
        FailFirst(ChatPath, times: 3);
        var eventId = await Pipeline.IngestAsync(MessageReceived("m-7", "urgente"));

        var deliveries = await Pipeline.DrainAsync(QueueNames.MessageReceived);

        Assert.Equal(2, deliveries);
        Assert.Single(Fake.Requests(TagPath));
        Assert.Single(Fake.Requests($"/api/public/contact/{ContactId}/assign-team-member/member-default"));
        Assert.Equal([500, 500, 500, 200], Fake.Requests(ChatPath).Select(entry => (int)entry.ResponseMessage.StatusCode!));
        var record = await App.Get<VambeFunctions.Processing.EventClaims>().FindAsync(eventId, CancellationToken.None);
        Assert.Equal("Completed", record!.Status);
        Assert.Equal(["vambe-tags", "vambe-assign", "chat-alert"], record.CompletedSteps);
        Assert.Equal(2, record.Attempts);
    }

    [Fact]
    public async Task VambeDown_EndsInArchiveWithoutRepeatingSteps()
    {
        FailAlways($"/api/public/contact/{ContactId}/assign-team-member/member-default", status: 503);
        var eventId = await Pipeline.IngestAsync(MessageReceived("m-8", "urgente"));

        await Pipeline.DrainAsync(QueueNames.MessageReceived);
        await Pipeline.DrainPoisonAsync(QueueNames.MessageReceived);

        Assert.Single(Fake.Requests(TagPath));
        Assert.Equal(QueueHost.MaxDequeueCount * 3, Fake.Requests($"/api/public/contact/{ContactId}/assign-team-member/member-default").Count);
        Assert.Empty(Fake.Requests(ChatPath));
        var archived = await Pipeline.ReadArchiveAsync(QueueNames.MessageReceived + QueueNames.PoisonSuffix, eventId);
        Assert.Equal(eventId, archived.Metadata["eventid"]);
    }

    [Fact]
    public async Task MessageWithoutText_RunsNoRule()
    {
        await Pipeline.IngestAsync("""{"type":"message.received","aiContactId":"c-9","data":{"messageId":"m-9","messageType":"image"}}""");

        await Pipeline.DrainAsync(QueueNames.MessageReceived);

        Assert.Empty(Fake.Requests(ChatPath));
        Assert.Single(Fake.Requests("/api/public/contact/c-9/assign-team-member/member-default"));
    }
}
