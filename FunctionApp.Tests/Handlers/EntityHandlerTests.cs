using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using VambeFunctions.Handlers;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Handlers;

[Collection(AzuriteCollection.Name)]
public sealed class EntityHandlerTests(AzuriteFixture azurite) : HandlerTestBase(azurite)
{
    [Fact]
    public async Task TicketCreated_IsPostedToCrmSigned()
    {
        var eventId = await Pipeline.IngestAsync(Samples.Read("ticket.created.json"));

        await Pipeline.DrainAsync(QueueNames.TicketCreated);

        var request = Assert.Single(Fake.Requests(CrmPath)).RequestMessage;
        Assert.Equal("POST", request.Method);
        Assert.Equal(eventId, request.Headers!["webhook-id"].Single());
        Assert.Equal(eventId, request.Headers["Idempotency-Key"].Single());
        Assert.InRange(long.Parse(request.Headers["webhook-timestamp"].Single()),
            DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.StartsWith("application/json", request.Headers["Content-Type"].Single());
        Assert.False(request.Headers.ContainsKey("x-api-key"));
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = request.Headers["webhook-id"].Single(),
            ["webhook-timestamp"] = request.Headers["webhook-timestamp"].Single(),
            ["webhook-signature"] = request.Headers["webhook-signature"].Single(),
        };
        new StandardWebhook(CrmSecret).Verify(request.Body!, headers);
        var body = JsonDocument.Parse(request.Body!).RootElement;
        Assert.Equal(eventId, body.GetProperty("eventId").GetString());
        Assert.Equal("ticket.created", body.GetProperty("topic").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-03-02T14:05:00Z"), body.GetProperty("occurredAt").GetDateTimeOffset());
        var data = body.GetProperty("data");
        Assert.Equal("ticket-0192", data.GetProperty("ticket_id").GetString());
        Assert.Equal("pipeline-sales", data.GetProperty("pipeline_id").GetString());
        Assert.Equal("OPEN", data.GetProperty("status").GetString());
        Assert.Equal(6, data.EnumerateObject().Count());
    }

    [Fact]
    public async Task CrmSignature_FailsVerificationWithOtherSecret()
    {
        await Pipeline.IngestAsync(Samples.Read("ticket.updated.json"));

        await Pipeline.DrainAsync(QueueNames.TicketUpdated);

        var request = Assert.Single(Fake.Requests(CrmPath)).RequestMessage;
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = request.Headers!["webhook-id"].Single(),
            ["webhook-timestamp"] = request.Headers["webhook-timestamp"].Single(),
            ["webhook-signature"] = request.Headers["webhook-signature"].Single(),
        };
        Assert.ThrowsAny<Exception>(() => new StandardWebhook("whsec_" + Convert.ToBase64String(new byte[24])).Verify(request.Body!, headers));
        Assert.Equal("agent-17", JsonDocument.Parse(request.Body!).RootElement.GetProperty("data").GetProperty("assigned_to").GetString());
    }

    [Fact]
    public async Task EntityDataShape_UsesEntityAndReceivedTime()
    {
        await Pipeline.IngestAsync(Samples.Read("ticket.closed.json"));

        await Pipeline.DrainAsync(QueueNames.TicketClosed);

        var body = JsonDocument.Parse(Assert.Single(Fake.Requests(CrmPath)).RequestMessage.Body!).RootElement;
        Assert.Equal("ticket.closed", body.GetProperty("topic").GetString());
        Assert.Equal("CLOSED", body.GetProperty("data").GetProperty("status").GetString());
        Assert.InRange(body.GetProperty("occurredAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
    }

    [Theory]
    [InlineData("contact.created.json", QueueNames.ContactCreated, "contact.created")]
    [InlineData("contact.updated.json", QueueNames.ContactUpdated, "contact.updated")]
    public async Task ContactEvents_ArePostedToCrm(string sample, string queue, string topic)
    {
        var eventId = await Pipeline.IngestAsync(Samples.Read(sample));

        await Pipeline.DrainAsync(queue);

        var request = Assert.Single(Fake.Requests(CrmPath)).RequestMessage;
        Assert.Equal(eventId, request.Headers!["Idempotency-Key"].Single());
        Assert.Equal(topic, JsonDocument.Parse(request.Body!).RootElement.GetProperty("topic").GetString());
    }

    [Fact]
    public async Task CrmDown_RetriesWithSameIdempotencyKey()
    {
        FailFirst(CrmPath, times: 4, status: 502);
        var eventId = await Pipeline.IngestAsync(Samples.Read("ticket.created.json"));

        var deliveries = await Pipeline.DrainAsync(QueueNames.TicketCreated);

        Assert.Equal(2, deliveries);
        var requests = Fake.Requests(CrmPath);
        Assert.Equal(5, requests.Count);
        Assert.All(requests, request => Assert.Equal(eventId, request.RequestMessage.Headers!["Idempotency-Key"].Single()));
    }

    [Fact]
    public async Task StageChanged_RecordsTransitionAndAlertsOnQualified()
    {
        var eventId = await Pipeline.IngestAsync(Samples.Read("stage.changed.json"));

        await Pipeline.DrainAsync(QueueNames.StageChanged);

        var transition = Assert.Single(await ListTransitionsAsync("pipeline-sales"));
        Assert.Equal(eventId, transition.EventId);
        Assert.Equal("stage-new", transition.FromStageId);
        Assert.Equal("stage-qualified", transition.ToStageId);
        Assert.Equal("agent-17", transition.ChangedBy);
        Assert.Equal("0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f", transition.ContactId);
        Assert.Equal(DateTimeOffset.Parse("2026-03-02T14:09:30Z"), transition.OccurredAt);
        var text = JsonDocument.Parse(Assert.Single(Fake.Requests(ChatPath)).RequestMessage.Body!).RootElement.GetProperty("text").GetString();
        Assert.Equal("Vambe stage.changed: unknown contact (contact 0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f). "
            + "Reached qualified stage stage-qualified in pipeline pipeline-sales.", text);
    }

    [Fact]
    public async Task StageTransitions_ListInTimeOrderPerPipeline()
    {
        await Pipeline.IngestAsync(StageChanged("2026-03-02T15:00:00Z", "stage-b", "stage-c", "pipeline-x"));
        await Pipeline.IngestAsync(StageChanged("2026-03-02T09:00:00Z", "stage-a", "stage-b", "pipeline-x"));
        await Pipeline.IngestAsync(StageChanged("2026-03-02T12:00:00Z", "stage-a", "stage-z", "pipeline-y"));

        await Pipeline.DrainAsync(QueueNames.StageChanged);

        Assert.Equal(["stage-b", "stage-c"], (await ListTransitionsAsync("pipeline-x")).Select(t => t.ToStageId));
        Assert.Equal(["stage-z"], (await ListTransitionsAsync("pipeline-y")).Select(t => t.ToStageId));
        Assert.Empty(Fake.Requests(ChatPath));
    }

    [Fact]
    public async Task EntityShapeStageChange_RecordsAndAlerts()
    {
        await Pipeline.IngestAsync(Samples.Read("stage_change.entity.json"));

        await Pipeline.DrainAsync(QueueNames.StageChanged);

        var transition = Assert.Single(await ListTransitionsAsync("pipeline-sales"));
        Assert.Equal("stage-qualified", transition.FromStageId);
        Assert.Equal("stage-won", transition.ToStageId);
        var text = JsonDocument.Parse(Assert.Single(Fake.Requests(ChatPath)).RequestMessage.Body!).RootElement.GetProperty("text").GetString();
        Assert.StartsWith("Vambe stage.changed: Luis Soto (contact 0f9e8d7c", text);
    }

    [Fact]
    public async Task FailedDelivery_IsRecordedAndAlerted()
    {
        var eventId = await Pipeline.IngestAsync(Samples.Read("message.sent.json"));

        await Pipeline.DrainAsync(QueueNames.MessageSent);

        var row = await App.Get<DeliveryFailures>().FindAsync(DateTimeOffset.UtcNow, eventId, CancellationToken.None);
        Assert.NotNull(row);
        Assert.Equal("131026", row.GetString("ErrorCodes"));
        Assert.Equal("Message undeliverable", row.GetString("ErrorTitles"));
        Assert.Equal("88012345", row.GetString("MessageId"));
        Assert.Equal("contact-7781", row.GetString("AiContactId"));
        var text = JsonDocument.Parse(Assert.Single(Fake.Requests(ChatPath)).RequestMessage.Body!).RootElement.GetProperty("text").GetString();
        Assert.Equal("Vambe message.sent: Marta Rojas (contact contact-7781). Message delivery failed with error codes 131026.", text);
        Assert.DoesNotContain("56955556666", text);
    }

    [Fact]
    public async Task DeliveredMessage_RecordsNothing()
    {
        var delivered = System.Text.Encoding.UTF8.GetString(Samples.Read("message.sent.json")).Replace("\"failed\"", "\"delivered\"");
        var eventId = await Pipeline.IngestAsync(delivered);

        await Pipeline.DrainAsync(QueueNames.MessageSent);

        Assert.Null(await App.Get<DeliveryFailures>().FindAsync(DateTimeOffset.UtcNow, eventId, CancellationToken.None));
        Assert.Empty(Fake.Requests(ChatPath));
    }

    private async Task<List<StageTransition>> ListTransitionsAsync(string pipelineId)
    {
        var transitions = new List<StageTransition>();
        await foreach (var transition in App.Get<StageTransitions>().ListAsync(pipelineId))
        {
            transitions.Add(transition);
        }

        return transitions;
    }

    private static string StageChanged(string timestamp, string from, string to, string pipeline) =>
        JsonSerializer.Serialize(new
        {
            @event = "stage.changed",
            timestamp,
            data = new { contact_id = "c-1", previous_stage_id = from, new_stage_id = to, pipeline_id = pipeline, changed_by = "agent-1" },
        });
}
