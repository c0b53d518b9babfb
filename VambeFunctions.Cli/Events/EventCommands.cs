using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VambeFunctions.Cli.Infrastructure;
using VambeFunctions.Cli.Storage;
using VambeFunctions.Processing;
using VambeFunctions.Storage;

namespace VambeFunctions.Cli.Events;

/// <summary>The <c>events</c> commands: send a webhook to an ingest endpoint, and show an event's processing record.</summary>
public sealed class EventCommands(CliEnvironment environment)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly StorageSelection _storage = new();

    public Command Build()
    {
        var events = new Command("events", "Send test webhooks and inspect processed events.");
        events.Add(Send());
        events.Add(Show());
        return events;
    }

    private Command Send()
    {
        var payload = new Argument<string>("FILE|TOPIC")
        {
            Description = "A saved payload file, or a sample name from samples/ such as ticket.created.",
        };
        var url = new Option<string>("--url")
        {
            Description = "The ingest endpoint, with ?code=<function key> on Azure.",
            HelpName = "URL",
            Required = true,
        };
        var mode = new Option<string>("--mode")
        {
            Description = $"How the endpoint authenticates, as its Ingest__AuthMode says. The secret comes from {CliEnvironment.WebhookSecretVariable}.",
            DefaultValueFactory = _ => WebhookSigner.ModeNames[0],
        };
        mode.AcceptOnlyFromAmong(WebhookSigner.ModeNames);
        var secretHeader = new Option<string>("--secret-header")
        {
            Description = "Header that carries the shared secret in shared-secret mode, as Ingest__SecretHeaderName says.",
            HelpName = "NAME",
            DefaultValueFactory = _ => "x-webhook-secret",
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for the response.",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 30,
        };
        var command = new Command("send", "POST a payload to an ingest endpoint, authenticated as the endpoint's mode requires.")
        {
            payload, url, mode, secretHeader, timeout,
        };
        command.SetHandler(async (parseResult, output, cancellationToken) =>
        {
            var endpoint = parseResult.GetRequiredValue(url);
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUri) || endpointUri.Scheme is not ("http" or "https"))
            {
                throw new CliException(ExitCodes.Failed, $"--url '{Redaction.WithoutQuery(endpoint)}' is not an absolute http or https URL.");
            }

            var seconds = parseResult.GetValue(timeout);
            if (seconds < 1)
            {
                throw new CliException(ExitCodes.Failed, $"--timeout must be at least 1 second, not {seconds}.");
            }

            var secret = environment.Get(CliEnvironment.WebhookSecretVariable)
                ?? throw new CliException(ExitCodes.Configuration,
                    $"{CliEnvironment.WebhookSecretVariable} is not set. Export one of the endpoint's Ingest__Secrets in it.");
            var signingMode = WebhookSigner.ParseMode(parseResult.GetRequiredValue(mode));
            var source = PayloadSource.Load(parseResult.GetRequiredValue(payload), environment);
            return await SendAsync(endpointUri, source, signingMode, secret, parseResult.GetRequiredValue(secretHeader),
                TimeSpan.FromSeconds(seconds), output, cancellationToken);
        });
        return command;
    }

    private async Task<int> SendAsync(Uri endpoint, PayloadSource source, SigningMode mode, string secret, string secretHeader,
        TimeSpan timeout, CommandOutput output, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(source.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            WebhookSigner.Sign(request.Headers, mode, secret, secretHeader, source.Body, environment.Time.GetUtcNow());
        }
        catch (FormatException)
        {
            throw new CliException(ExitCodes.Configuration,
                $"{CliEnvironment.WebhookSecretVariable} is not a Standard Webhooks secret: expected whsec_ followed by base64.");
        }

        output.Out.WriteLine($"POST {Redaction.WithoutQuery(endpoint)} ({source.Name}, {source.Body.Length} bytes, {WebhookSigner.ModeNames[(int)mode]})");
        using var http = TransportErrorHandler.CreateClient(timeout);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        output.Out.WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase}");
        output.Out.WriteLine(body.Length > 0 ? body : "(empty body)");
        return response.StatusCode switch
        {
            _ when response.IsSuccessStatusCode => ExitCodes.Success,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Unauthorized,
            HttpStatusCode.NotFound => ExitCodes.NotFound,
            _ => ExitCodes.RequestFailed,
        };
    }

    private Command Show()
    {
        var eventId = new Argument<string>("EVENT_ID") { Description = "The event id, as ingest returned it or 'deadletters list' shows it." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of text." };
        var command = new Command("show", $"Show an event's processing record from the {TableNames.Events} table.") { eventId, json };
        _storage.AddTo(command);
        command.SetHandler(async (parseResult, output, cancellationToken) =>
        {
            var id = parseResult.GetRequiredValue(eventId);
            var storage = _storage.Connect(parseResult, environment, output.Error);
            var claims = new EventClaims(new TableStorage(storage.Tables), Options.Create(new ProcessingOptions()), TimeProvider.System);
            var record = await claims.FindAsync(id, cancellationToken);
            if (record is null)
            {
                output.Error.WriteLine($"Event '{id}' not found in the {TableNames.Events} table.");
                return ExitCodes.NotFound;
            }

            if (parseResult.GetValue(json))
            {
                output.Out.WriteLine(JsonSerializer.Serialize(ToJson(record), Json));
            }
            else
            {
                WriteRecord(record, output.Out);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static object ToJson(EventRecord record) => new
    {
        eventId = record.EventId,
        topic = record.Topic,
        status = record.Status,
        attempts = record.Attempts,
        completedSteps = record.CompletedSteps,
        firstSeenAt = record.FirstSeenAt,
        finishedAt = record.FinishedAt,
        expiresAt = record.ExpiresAt,
    };

    private static void WriteRecord(EventRecord record, TextWriter writer)
    {
        writer.WriteLine($"Event       {record.EventId}");
        writer.WriteLine($"Topic       {record.Topic}");
        writer.WriteLine($"Status      {record.Status}");
        writer.WriteLine($"Attempts    {record.Attempts}");
        writer.WriteLine($"Steps       {(record.CompletedSteps.Count == 0 ? "none" : string.Join(", ", record.CompletedSteps))}");
        writer.WriteLine($"First seen  {record.FirstSeenAt:O}");
        writer.WriteLine($"Finished    {(record.FinishedAt is { } finished ? finished.ToString("O") : "not yet")}");
        writer.WriteLine($"Expires     {record.ExpiresAt:O}");
    }
}
