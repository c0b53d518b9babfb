using System.Text;
using System.Text.Json;
using VambeFunctions.Events;
using VambeFunctions.Ingest;
using VambeFunctions.Processing;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Handlers;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Ingest;

[Collection(AzuriteCollection.Name)]
public sealed class HostileInputTests(AzuriteFixture azurite) : HandlerTestBase(azurite)
{
    private static readonly int[] DocumentedRejections = [400, 401, 413, 415];

    [Fact]
    public void Corpus_HasAtLeast200Bodies()
    {
        Assert.True(HostileCorpus.All.Count >= 200, $"{HostileCorpus.All.Count} bodies");
        Assert.Equal(HostileCorpus.All.Count, HostileCorpus.All.Select(entry => entry.Name).Distinct().Count());
    }

    [Fact]
    public async Task Corpus_GetsDocumented4xxOrIsHandledOnce()
    {
        var accepted = new Dictionary<string, string>();
        var outcomes = new List<string>();
        foreach (var entry in HostileCorpus.All)
        {
            var request = Requests.Json(entry.Body, contentType: entry.ContentType);
            var response = await App.Get<IngestService>().HandleAsync(request, CancellationToken.None);

            outcomes.Add($"{entry.Name}: {response.StatusCode}");
            Assert.True(response.StatusCode == 200 || DocumentedRejections.Contains(response.StatusCode),
                $"{entry.Name} got {response.StatusCode}: {Encoding.UTF8.GetString(response.Body)}");
            if (response.StatusCode == 200)
            {
                accepted[JsonDocument.Parse(response.Body).RootElement.GetProperty("eventId").GetString()!] = entry.Name;
            }
            else
            {
                Assert.Equal("application/problem+json", response.ContentType);
            }
        }

        var messages = 0;
        foreach (var queue in QueueNames.All)
        {
            messages += await Pipeline.CountAllAsync(queue);
        }

        var deliveries = 0;
        foreach (var queue in QueueNames.All)
        {
            deliveries += await Pipeline.DrainAsync(queue);
        }

        Assert.Equal(messages, deliveries);
        foreach (var queue in QueueNames.Poison)
        {
            Assert.Equal(0, await Pipeline.CountAsync(queue));
        }

        foreach (var (eventId, name) in accepted)
        {
            var record = await App.Get<EventClaims>().FindAsync(eventId, CancellationToken.None);
            Assert.True(record?.Status is EventStatus.Completed or EventStatus.DeadLettered, $"{name} ended as {record?.Status ?? "no record"}");
        }

        Assert.Contains(outcomes, outcome => outcome.EndsWith(": 200", StringComparison.Ordinal));
        Assert.Contains(outcomes, outcome => outcome.EndsWith(": 400", StringComparison.Ordinal));
        Assert.Contains(outcomes, outcome => outcome.EndsWith(": 415", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("byte-order-mark", 400)]
    [InlineData("nested-arrays-10000", 400)]
    [InlineData("nested-objects-62", 200)]
    [InlineData("bytes-in-string-0", 400)]
    [InlineData("form-as-form", 415)]
    [InlineData("form-as-json", 400)]
    [InlineData("duplicate-keys-0", 200)]
    [InlineData("topic-0", 200)]
    public async Task CorpusEntry_GetsExpectedStatus(string name, int status)
    {
        var entry = HostileCorpus.All.Single(entry => entry.Name == name);

        var response = await App.Get<IngestService>().HandleAsync(Requests.Json(entry.Body, contentType: entry.ContentType),
            CancellationToken.None);

        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task WrongTypedData_IsArchivedAsUnmappable()
    {
        var eventId = await Pipeline.IngestAsync("""{"event":"ticket.created","data":["not","an","object"]}""");

        await Pipeline.DrainAsync(QueueNames.TicketCreated);

        var archived = await Pipeline.ReadArchiveAsync(QueueNames.TicketCreated, eventId);
        Assert.StartsWith("unmappable", archived.Metadata["reason"]);
        Assert.Equal("""{"event":"ticket.created","data":["not","an","object"]}""",
            Encoding.UTF8.GetString(EventEnvelope.Parse(archived.Content).Payload.Span));
    }
}
