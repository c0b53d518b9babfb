using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using VambeFunctions.Events;
using VambeFunctions.Processing;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Cli;

/// <summary><c>deadletters list</c> and <c>deadletters replay</c> against Azurite, with messages archived by the app's own archive.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DeadLetterCommandsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly CliRunner _cli = new();

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _cli.Variables["VAMBE_STORAGE_CONNECTION_STRING"] = azurite.ConnectionString;
    }

    public Task DisposeAsync()
    {
        _cli.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task List_CountsThenRowsFromLocalSettings()
    {
        _cli.Variables.Clear();
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "local.settings.json"),
            JsonSerializer.Serialize(new { IsEncrypted = false, Values = new { AzureWebJobsStorage = azurite.ConnectionString } }));
        await ArchiveAsync("ticket.created:aaa", Topics.TicketCreated, QueueNames.TicketCreated + QueueNames.PoisonSuffix, "Handler failed: CRM is down");
        await ArchiveAsync("invoice.paid:bbb", "invoice.paid", QueueNames.UnknownTopic, "No handler for topic invoice.paid");
        await ArchiveAsync("ticket.created:ccc", Topics.TicketCreated, QueueNames.TicketCreated + QueueNames.PoisonSuffix, "Handler failed: CRM is down");

        var result = await _cli.RunAsync("deadletters", "list");

        Assert.Equal(0, result.ExitCode);
        var expected = """
            3 archived messages.

            TOPIC           REASON                             COUNT
            invoice.paid    No handler for topic invoice.paid  1
            ticket.created  Handler failed: CRM is down        2

            EVENT ID            TOPIC           SOURCE QUEUE                 REASON                             ARCHIVED AT
            ticket.created:aaa  ticket.created  vambe-ticket-created-poison  Handler failed: CRM is down        2026-03-02 14:01:00Z
            invoice.paid:bbb    invoice.paid    vambe-unknown-topic          No handler for topic invoice.paid  2026-03-02 14:02:00Z
            ticket.created:ccc  ticket.created  vambe-ticket-created-poison  Handler failed: CRM is down        2026-03-02 14:03:00Z

            """;
        Assert.Equal(expected.ReplaceLineEndings(), result.Output);
        Assert.Equal($"Storage: devstoreaccount1 ({Path.Combine(_cli.WorkingDirectory, "local.settings.json")})\n".ReplaceLineEndings(), result.Error);
    }

    [Fact]
    public async Task ListTopic_ResolvesAlias()
    {
        await ArchiveAsync("ticket.created:aaa", Topics.TicketCreated, QueueNames.TicketCreated + QueueNames.PoisonSuffix, "failed");
        await ArchiveAsync("stage.changed:bbb", Topics.StageChanged, QueueNames.StageChanged + QueueNames.PoisonSuffix, "failed");

        var result = await _cli.RunAsync("deadletters", "list", "--topic", "ticket.opened", "--json");

        Assert.Equal(0, result.ExitCode);
        var message = Assert.Single(JsonDocument.Parse(result.Output).RootElement.EnumerateArray());
        Assert.Equal("ticket.created:aaa", message.GetProperty("eventId").GetString());
        Assert.Equal(Topics.TicketCreated, message.GetProperty("topic").GetString());
        Assert.Equal("vambe-ticket-created-poison", message.GetProperty("sourceQueue").GetString());
    }

    [Fact]
    public async Task ListEmpty_SaysSo()
    {
        var result = await _cli.RunAsync("deadletters", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("no archived messages in vambe-dead-letters.\n".ReplaceLineEndings(), result.Output);
    }

    [Fact]
    public async Task Replay_RequeuesUnchangedAndDeletesBlobs()
    {
        var ticketA = await ArchiveAsync("ticket.created:aaa", Topics.TicketCreated, QueueNames.TicketCreated + QueueNames.PoisonSuffix, "failed");
        var ticketB = await ArchiveAsync("ticket.created:bbb", Topics.TicketCreated, QueueNames.TicketCreated, "payload does not fit");
        var stage = await ArchiveAsync("stage.changed:ccc", Topics.StageChanged, QueueNames.StageChanged + QueueNames.PoisonSuffix, "failed");
        await ArchiveAsync("invoice.paid:ddd", "invoice.paid", QueueNames.UnknownTopic, "no handler");

        var result = await _cli.RunAsync("deadletters", "replay");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([ticketA, ticketB], await ReceiveAllAsync(QueueNames.TicketCreated));
        Assert.Equal([stage], await ReceiveAllAsync(QueueNames.StageChanged));
        Assert.Empty(await ReceiveAllAsync(QueueNames.UnknownTopic));
        Assert.Equal(["vambe-unknown-topic/invoice.paid:ddd.json"], await BlobNamesAsync());
        Assert.Contains("Replayed 3 of 3 messages (vambe-stage-changed 1, vambe-ticket-created 2).", result.Output);
        Assert.Contains("Skipped 1 unknown-topic event", result.Output);
    }

    [Fact]
    public async Task ReplayIncludeUnknown_UsesUnknownQueue()
    {
        var invoice = await ArchiveAsync("invoice.paid:ddd", "invoice.paid", QueueNames.UnknownTopic, "no handler");

        var result = await _cli.RunAsync("deadletters", "replay", "--include-unknown");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([invoice], await ReceiveAllAsync(QueueNames.UnknownTopic));
        Assert.Empty(await BlobNamesAsync());
    }

    [Fact]
    public async Task ReplayOnlyUnknown_NothingToReplay()
    {
        await ArchiveAsync("invoice.paid:ddd", "invoice.paid", QueueNames.UnknownTopic, "no handler");

        var result = await _cli.RunAsync("deadletters", "replay");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Nothing to replay.\nSkipped 1 unknown-topic event".ReplaceLineEndings(), result.Output);
        Assert.Single(await BlobNamesAsync());
    }

    [Fact]
    public async Task ReplayTopic_LeavesOtherTopics()
    {
        var ticket = await ArchiveAsync("ticket.created:aaa", Topics.TicketCreated, QueueNames.TicketCreated + QueueNames.PoisonSuffix, "failed");
        await ArchiveAsync("stage.changed:ccc", Topics.StageChanged, QueueNames.StageChanged + QueueNames.PoisonSuffix, "failed");

        var result = await _cli.RunAsync("deadletters", "replay", "--topic", Topics.TicketCreated);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([ticket], await ReceiveAllAsync(QueueNames.TicketCreated));
        Assert.Empty(await ReceiveAllAsync(QueueNames.StageChanged));
        Assert.Equal(["vambe-stage-changed-poison/stage.changed:ccc.json"], await BlobNamesAsync());
    }

    [Fact]
    public async Task ReplayDryRun_ChangesNothing()
    {
        await ArchiveAsync("ticket.created:aaa", Topics.TicketCreated, QueueNames.TicketCreated + QueueNames.PoisonSuffix, "failed");

        var result = await _cli.RunAsync("deadletters", "replay", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        var expected = """
            Dry run: would replay 1 message (vambe-ticket-created 1). Nothing was changed.
            EVENT ID            TOPIC           TO QUEUE
            ticket.created:aaa  ticket.created  vambe-ticket-created

            """;
        Assert.Equal(expected.ReplaceLineEndings(), result.Output);
        Assert.Empty(await ReceiveAllAsync(QueueNames.TicketCreated));
        Assert.Single(await BlobNamesAsync());
    }

    [Fact]
    public async Task ReplayEmpty_ExitsZeroWithMessage()
    {
        var result = await _cli.RunAsync("deadletters", "replay", "--topic", "ticket.created");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Nothing to replay: no archived messages for topic ticket.created in vambe-dead-letters.\n".ReplaceLineEndings(), result.Output);
    }

    [Fact]
    public async Task ReplayLong_ReportsProgress()
    {
        for (var index = 0; index < 5; index++)
        {
            await ArchiveAsync($"ticket.created:{index}", Topics.TicketCreated, QueueNames.TicketCreated + QueueNames.PoisonSuffix, "failed");
        }

        var result = await _cli.RunAsync("deadletters", "replay", "--progress-every", "2");

        Assert.Equal(0, result.ExitCode);
        var expected = """
            Replayed 2 of 5.
            Replayed 4 of 5.
            Replayed 5 of 5 messages (vambe-ticket-created 5).

            """;
        Assert.Equal(expected.ReplaceLineEndings(), result.Output);
        Assert.Equal(5, (await ReceiveAllAsync(QueueNames.TicketCreated)).Count);
    }

    [Fact]
    public async Task UnreachableStorage_ExitsUnreachable()
    {
        _cli.Variables["VAMBE_STORAGE_CONNECTION_STRING"] =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};"
            + $"BlobEndpoint=http://127.0.0.1:{FakeServer.FreePort()}/devstoreaccount1;";

        var result = await _cli.RunAsync("deadletters", "list");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("Could not reach storage: Connection refused", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task BothStorageOptions_AreRejected()
    {
        var result = await _cli.RunAsync("deadletters", "list", "--account", "prodaccount", "--connection-string", azurite.ConnectionString);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Give either --account or --connection-string, not both.\n".ReplaceLineEndings(), result.Error);
    }

    /// <summary>Archives an envelope the way the app does and returns the archived body.</summary>
    private async Task<string> ArchiveAsync(string eventId, string topic, string sourceQueue, string reason)
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        var payload = Encoding.UTF8.GetBytes($$$"""{"event":"{{{topic}}}","data":{"id":"{{{eventId}}}"}}""");
        var body = new EventEnvelope(eventId, topic, _time.GetUtcNow(), payload).Serialize();
        var archive = new DeadLetterArchive(azurite.Blobs, TestTelemetry.Create(), _time, NullLogger<DeadLetterArchive>.Instance);
        await archive.ArchiveAsync(new DeadLetter(eventId, topic, sourceQueue, reason, 5, body), CancellationToken.None);
        return body.ToString();
    }

    private async Task<List<string>> ReceiveAllAsync(string queueName)
    {
        var queue = azurite.Queues.GetQueueClient(queueName);
        if (!await queue.ExistsAsync())
        {
            return [];
        }

        var messages = (await queue.ReceiveMessagesAsync(32)).Value;
        return [.. messages.Select(message => message.Body.ToString())];
    }

    private async Task<List<string>> BlobNamesAsync()
    {
        var container = azurite.Blobs.GetBlobContainerClient(BlobContainerNames.DeadLetters);
        var names = new List<string>();
        await foreach (BlobItem blob in container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
