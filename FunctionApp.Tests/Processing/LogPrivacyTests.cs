using System.Text;
using System.Text.Json;
using VambeFunctions.Ingest;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Handlers;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Processing;

/// <summary>
/// Runs every sample through ingest and every handler, with rejections, retries and a dead
/// letter on the way, and checks that no log line carries a phone number, a name, message text
/// or a secret from them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LogPrivacyTests(AzuriteFixture azurite) : HandlerTestBase(azurite)
{
    private static readonly HashSet<string> PersonalFields = ["fromNumber", "toNumber", "phone", "message", "name", "contact_name", "email", "details"];

    [Fact]
    public async Task AllSamples_LeaveNoPersonalDataInLogs()
    {
        FailFirst(ChatPath, times: 3);
        FailAlways(CrmPath, status: 503);
        foreach (var sample in Samples.Names)
        {
            await Pipeline.IngestAsync(Samples.Read(sample));
            await App.Get<IngestService>().HandleAsync(Requests.Json(Samples.Read(sample), secret: "wrong-" + TestApp.Secret), CancellationToken.None);
        }

        foreach (var queue in QueueNames.All)
        {
            await Pipeline.DrainAsync(queue);
        }

        await Pipeline.DrainPoisonAsync(QueueNames.TicketCreated);

        var forbidden = Samples.Names.SelectMany(sample => PersonalValues(Samples.Read(sample)))
            .Concat([TestApp.Secret, ApiKey, CrmSecret, CrmSecret["whsec_".Length..]])
            .Distinct()
            .ToList();
        var lines = App.Logs.Lines.Select(line => $"{line.Category} {line.Message} {line.Exception}").ToList();
        Assert.True(lines.Count > 100, $"only {lines.Count} log lines were captured");
        Assert.Contains(lines, line => line.Contains("Archived dead letter", StringComparison.Ordinal));
        Assert.Contains(forbidden, value => value == "56911112222");
        Assert.Contains(forbidden, value => value == "Hola, necesito ayuda urgente con mi pedido");
        var appLines = App.Logs.Lines.Where(line => line.Category.StartsWith("VambeFunctions", StringComparison.Ordinal)).ToList();
        Assert.Contains(appLines, line => line.StateKeys.Contains("VambeEventId"));
        Assert.DoesNotContain(appLines, line => line.StateKeys.Contains("EventId"));
        foreach (var value in forbidden)
        {
            var leak = lines.FirstOrDefault(line => line.Contains(value, StringComparison.OrdinalIgnoreCase));
            Assert.True(leak is null, $"'{value}' appears in the log line: {leak}");
        }
    }

    [Fact]
    public async Task SenderPseudonym_IsStableAndHidesNumber()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        await using var app = new TestApp(Azurite, new Dictionary<string, string?>(Settings()) { ["Redaction:HmacKey"] = key });
        var pipeline = new Pipeline(app, Azurite);
        await pipeline.IngestAsync(MessageReceived("m-p1", "hola"));
        await pipeline.IngestAsync(MessageReceived("m-p2", "hola de nuevo"));
        await pipeline.IngestAsync(MessageReceived("m-p3", "hola", fromNumber: "56900000001"));

        await pipeline.DrainAsync(QueueNames.MessageReceived);

        var senders = app.Logs.Lines.Where(line => line.EventId == 4100)
            .Select(line => line.Message.Split(" from sender ")[1].Split(' ')[0])
            .ToList();
        Assert.Equal(3, senders.Count);
        Assert.Equal(senders[0], senders[1]);
        Assert.NotEqual(senders[0], senders[2]);
        Assert.True(senders[0].Length > 20, senders[0]);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Message.Contains("56911112222") || line.Message.Contains("56900000001"));
    }

    private static IEnumerable<string> PersonalValues(byte[] sample)
    {
        var values = new List<string>();
        Collect(JsonDocument.Parse(sample).RootElement, null, values);
        return values.Where(value => value.Length >= 4);
    }

    private static void Collect(JsonElement element, string? name, List<string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, property.Name, values);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, name, values);
                }

                break;
            case JsonValueKind.String or JsonValueKind.Number when name is not null && PersonalFields.Contains(name):
                values.Add(element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText());
                break;
        }
    }
}
