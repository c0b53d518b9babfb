using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VambeFunctions.Events.Models;
using VambeFunctions.Processing;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Cli;

/// <summary><c>events show</c> on events that the app's pipeline processed in Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventShowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly RecordingHandler<TicketCreatedEvent> _handler = new();
    private readonly CliRunner _cli = new();
    private TestApp _app = null!;
    private Pipeline _pipeline = null!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _app = new TestApp(azurite, configureServices: services =>
            services.Replace(ServiceDescriptor.Singleton<IEventHandler<TicketCreatedEvent>>(_handler)));
        _pipeline = new Pipeline(_app, azurite);
        _cli.Variables["VAMBE_STORAGE_CONNECTION_STRING"] = azurite.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task Show_PrintsCompletedRecord()
    {
        var eventId = await _pipeline.IngestAsync(Samples.Read("ticket.created.json"));
        await _pipeline.DrainAsync(QueueNames.TicketCreated);
        var record = (await _app.Get<EventClaims>().FindAsync(eventId, CancellationToken.None))!;

        var result = await _cli.RunAsync("events", "show", eventId);

        Assert.Equal(0, result.ExitCode);
        var expected = $"""
            Event       {eventId}
            Topic       ticket.created
            Status      Completed
            Attempts    1
            Steps       none
            First seen  {record.FirstSeenAt:O}
            Finished    {record.FinishedAt:O}
            Expires     {record.ExpiresAt:O}

            """;
        Assert.Equal(expected.ReplaceLineEndings(), result.Output);
    }

    [Fact]
    public async Task ShowJson_HasAttemptsAndStatus()
    {
        _handler.FailWith = new InvalidOperationException("CRM is down");
        var eventId = await _pipeline.IngestAsync(Samples.Read("ticket.created.json"));
        await _pipeline.DrainAsync(QueueNames.TicketCreated);
        await _pipeline.DrainPoisonAsync(QueueNames.TicketCreated);

        var result = await _cli.RunAsync("events", "show", eventId, "--json");

        Assert.Equal(0, result.ExitCode);
        var record = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(eventId, record.GetProperty("eventId").GetString());
        Assert.Equal(EventStatus.DeadLettered, record.GetProperty("status").GetString());
        Assert.Equal(QueueHost.MaxDequeueCount, record.GetProperty("attempts").GetInt32());
        Assert.Empty(record.GetProperty("completedSteps").EnumerateArray());
    }

    [Fact]
    public async Task ShowUnknownEvent_ExitsNotFound()
    {
        var result = await _cli.RunAsync("events", "show", "ticket.created:nope");

        Assert.Equal(4, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.EndsWith("Event 'ticket.created:nope' not found in the VambeEvents table.\n".ReplaceLineEndings(), result.Error);
    }
}
