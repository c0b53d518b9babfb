using System.Text.Json;
using Azure.Storage.Queues.Models;
using VambeFunctions.Functions;
using VambeFunctions.Handlers;
using VambeFunctions.Ingest;
using VambeFunctions.Processing;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Handlers;

/// <summary>Accepted events whose values stress table keys, property sizes and concurrency.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostileEventTests(AzuriteFixture azurite) : HandlerTestBase(azurite)
{
    private const string TagPath = "/api/public/channels/whatsapp/56911112222/tags";

    [Theory]
    [InlineData("日", 60)]
    [InlineData("+", 166)]
    [InlineData("a", 5000)]
    public async Task WideMessageId_IsHandledOnce(string character, int count)
    {
        var messageId = string.Concat(Enumerable.Repeat(character, count));
        var eventId = await Pipeline.IngestAsync(MessageReceived(messageId, "urgente"));

        var deliveries = await Pipeline.DrainAsync(QueueNames.MessageReceived);

        Assert.Equal(1, deliveries);
        Assert.Single(Fake.Requests(TagPath));
        Assert.True(eventId.Length <= 260, $"event id of {eventId.Length} characters");
    }

    [Fact]
    public void EncodedSourceId_StaysWithinLimit()
    {
        var wide = EventIds.EncodeSourceId(new string('日', 60));
        var escaped = EventIds.EncodeSourceId(new string('/', 100));
        var plain = EventIds.EncodeSourceId(new string('a', 120));

        Assert.StartsWith("sha256-", wide);
        Assert.StartsWith("sha256-", escaped);
        Assert.Equal(new string('a', 120), plain);
    }

    [Fact]
    public async Task WideSentMessageIdAndStatus_AreHandledOnce()
    {
        var body = JsonSerializer.Serialize(new
        {
            type = "message.sent",
            aiContactId = "c-1",
            data = new { messageId = new string('ñ', 200), status = new string('é', 200) },
        });

        await Pipeline.IngestAsync(body);

        Assert.Equal(1, await Pipeline.DrainAsync(QueueNames.MessageSent));
    }

    [Fact]
    public async Task WidePipelineAndContactIds_AreHandledOnce()
    {
        var pipelineId = new string('日', 300);
        var body = JsonSerializer.Serialize(new
        {
            @event = "stage.changed",
            timestamp = "1500-01-01T00:00:00Z",
            data = new { contact_id = new string('c', 40_000), pipeline_id = pipelineId, new_stage_id = "stage-won" },
        });

        await Pipeline.IngestAsync(body);

        Assert.Equal(1, await Pipeline.DrainAsync(QueueNames.StageChanged));
        var transitions = new List<StageTransition>();
        await foreach (var transition in App.Get<StageTransitions>().ListAsync(pipelineId))
        {
            transitions.Add(transition);
        }

        var recorded = Assert.Single(transitions);
        Assert.Equal(TableValues.MaxTextLength, recorded.ContactId!.Length);
        Assert.True(recorded.OccurredAt > DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public async Task NullErrorDetail_IsHandledOnce()
    {
        await Pipeline.IngestAsync("""{"type":"message.sent","aiContactId":"c-1","data":{"messageId":"m-null","status":"failed","error_details":[null,{"code":131026}]}}""");

        Assert.Equal(1, await Pipeline.DrainAsync(QueueNames.MessageSent));
        var text = JsonDocument.Parse(Assert.Single(Fake.Requests(ChatPath)).RequestMessage.Body!).RootElement.GetProperty("text").GetString();
        Assert.EndsWith("error codes 131026.", text);
    }

    [Fact]
    public async Task ThousandsOfErrorDetails_AreHandledOnce()
    {
        var errors = Enumerable.Range(0, 2000).Select(i => new { code = 131000 + i, title = new string('t', 40) });
        var body = JsonSerializer.Serialize(new
        {
            type = "message.sent",
            aiContactId = "c-1",
            data = new { messageId = "m-many", status = "failed", error_details = errors },
        });

        var eventId = await Pipeline.IngestAsync(body);

        Assert.Equal(1, await Pipeline.DrainAsync(QueueNames.MessageSent));
        var row = await App.Get<DeliveryFailures>().FindAsync(DateTimeOffset.UtcNow, eventId, CancellationToken.None);
        Assert.Equal(TableValues.MaxTextLength, row!.GetString("ErrorTitles").Length);
    }

    [Fact]
    public async Task OneDeliveryRunTwiceAtOnce_CallsCrmOnce()
    {
        await Pipeline.IngestAsync(Samples.Read("ticket.created.json"));
        var queue = Azurite.Queues.GetQueueClient(QueueNames.TicketCreated);
        QueueMessage message = (await queue.ReceiveMessageAsync()).Value;
        var function = App.Create<TicketCreatedFunction>();

        var runs = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                await function.TicketCreated(message, CancellationToken.None);
                return "ok";
            }
            catch (Exception e)
            {
                return e.GetType().Name;
            }
        }));

        Assert.Single(Fake.Requests(CrmPath));
        Assert.All(runs, run => Assert.Equal("ok", run));
    }
}
