using System.CommandLine;
using VambeFunctions.Cli.Infrastructure;
using VambeFunctions.Events;
using VambeFunctions.Integrations;

namespace VambeFunctions.Cli.Webhooks;

/// <summary><c>webhooks register</c>: subscribes a deployed ingest endpoint in one step.</summary>
public sealed class RegisterCommand(WebhookCommands webhooks)
{
    public const string DefaultDescription = "VambeFunctions ingest";

    private readonly Option<string> _url = new("--url")
    {
        Description = "The ingest URL with its function key: https://<app>.azurewebsites.net/api/webhooks/vambe?code=<key>.",
        HelpName = "URL",
        Required = true,
    };

    private readonly Option<string?> _topics = new("--topics")
    {
        Description = $"Comma-separated topics. Default: every topic the app handles ({string.Join(",", Topics.Known)}).",
        HelpName = "T1,T2",
    };

    private readonly Option<string?> _secret = new("--secret-header-value")
    {
        Description = "Shared secret that Vambe sends with each event, one of the app's Ingest__Secrets.",
        HelpName = "SECRET",
    };

    private readonly Option<string> _description = new("--description")
    {
        Description = "Free text shown in Vambe.",
        HelpName = "TEXT",
        DefaultValueFactory = _ => DefaultDescription,
    };

    public Command Build()
    {
        var command = new Command("register", "Create an active webhook that sends the app's topics to a deployed ingest URL.")
        {
            _url, _topics, _secret, _description,
        };
        command.SetHandler(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parseResult, CommandOutput output, CancellationToken cancellationToken)
    {
        var url = WebhookCommands.ValidateUrl(parseResult.GetRequiredValue(_url), "--url");
        var request = new VambeWebhookRequest
        {
            Url = url,
            Topics = parseResult.GetValue(_topics) is { } topics ? WebhookCommands.ParseTopics(topics, "--topics") : [.. Topics.Known],
            Active = true,
            Description = parseResult.GetValue(_description),
            Secret = parseResult.GetValue(_secret) is { Length: > 0 } secret ? secret : null,
        };
        var functionKey = FunctionKey(url);
        if (functionKey is null)
        {
            output.Error.WriteLine("Warning: the URL has no code= query value. On Azure the Functions host rejects a request without the function key.");
        }

        using var api = webhooks.Connect(parseResult);
        var webhook = await api.CallAsync("register the webhook", client => client.CreateWebhookAsync(request, cancellationToken))
            ?? throw new CliException(ExitCodes.RequestFailed, "Vambe returned an empty body instead of the new webhook.");
        if (webhooks.WantsJson(parseResult))
        {
            WebhookOutput.WriteJson(webhook, output.Out);
            return ExitCodes.Success;
        }

        output.Out.WriteLine($"Registered webhook {webhook.Id} ({WebhookOutput.State(webhook)}).");
        output.Out.WriteLine($"URL           {Redaction.MaskUrl(webhook.Url ?? url)}");
        output.Out.WriteLine($"Function key  {(functionKey is null ? "none" : Redaction.MaskSecret(functionKey))}");
        output.Out.WriteLine($"Topics        {string.Join(", ", webhook.Topics ?? request.Topics)}");
        output.Out.WriteLine($"Secret        {(request.Secret is null ? "none" : Redaction.MaskSecret(request.Secret))}");
        output.Out.WriteLine($"Description   {webhook.Description ?? request.Description}");
        return ExitCodes.Success;
    }

    /// <summary>Returns the URL's <c>code</c> query value, the function key that the Functions host checks.</summary>
    private static string? FunctionKey(string url)
    {
        var query = new Uri(url).Query.TrimStart('?');
        return query.Split('&')
            .Select(parameter => parameter.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0] == "code" && pair[1].Length > 0)
            .Select(pair => Uri.UnescapeDataString(pair[1]))
            .FirstOrDefault();
    }
}
