using System.CommandLine;
using VambeFunctions.Cli.Infrastructure;
using VambeFunctions.Events;
using VambeFunctions.Integrations;

namespace VambeFunctions.Cli.Webhooks;

/// <summary>The <c>webhooks</c> commands: Vambe's webhook management API.</summary>
public sealed class WebhookCommands(CliEnvironment environment)
{
    private readonly Option<string?> _baseUrl = new("--base-url")
    {
        Description = $"Vambe API base URL. Default: {CliEnvironment.BaseUrlVariable}, else {VambeApi.DefaultBaseUrl}.",
        HelpName = "URL",
        Recursive = true,
    };

    private readonly Option<int> _timeout = new("--timeout")
    {
        Description = "Seconds to wait for each response from Vambe.",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 30,
        Recursive = true,
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Write JSON instead of a table, with secrets masked.",
        Recursive = true,
    };

    private readonly Argument<string> _id = new("ID") { Description = "The webhook's id, as 'webhooks list' shows it." };

    public Command Build()
    {
        var webhooks = new Command("webhooks", "Manage the account's webhooks through Vambe's API, with the key in VAMBE_API_KEY.");
        webhooks.Add(_baseUrl);
        webhooks.Add(_timeout);
        webhooks.Add(_json);
        webhooks.Add(List());
        webhooks.Add(Get());
        webhooks.Add(Create());
        webhooks.Add(Update());
        webhooks.Add(Delete());
        webhooks.Add(Restore());
        webhooks.Add(ListTopics());
        webhooks.Add(ListCalls());
        webhooks.Add(new RegisterCommand(this).Build());
        return webhooks;
    }

    /// <summary>Creates the API client for this invocation's <c>--base-url</c> and <c>--timeout</c>.</summary>
    public VambeApi Connect(ParseResult parseResult)
    {
        var seconds = parseResult.GetValue(_timeout);
        if (seconds < 1)
        {
            throw new CliException(ExitCodes.Failed, $"--timeout must be at least 1 second, not {seconds}.");
        }

        return VambeApi.Create(environment, parseResult.GetValue(_baseUrl), TimeSpan.FromSeconds(seconds));
    }

    public bool WantsJson(ParseResult parseResult) => parseResult.GetValue(_json);

    /// <summary>Splits a comma-separated list of topics, dropping empty entries.</summary>
    public static List<string> ParseTopics(string topics, string optionName)
    {
        var list = topics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        return list.Count > 0
            ? list
            : throw new CliException(ExitCodes.Failed, $"{optionName} is empty. Give topics separated by commas, for example {Topics.TicketCreated},{Topics.MessageReceived}.");
    }

    /// <summary>Checks that a webhook URL is an absolute http or https URL, without printing its query.</summary>
    public static string ValidateUrl(string url, string optionName) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? url
            : throw new CliException(ExitCodes.Failed, $"{optionName} '{Redaction.WithoutQuery(url)}' is not an absolute http or https URL.");

    private Command List()
    {
        var command = new Command("list", "List the account's webhooks, soft-deleted ones included.");
        command.SetHandler(async (parseResult, output, cancellationToken) =>
        {
            using var api = Connect(parseResult);
            var webhooks = await api.CallAsync("list the webhooks", client => client.ListWebhooksAsync(cancellationToken));
            Write(parseResult, webhooks, output, () => WebhookOutput.WriteList(webhooks, output.Out));
            return ExitCodes.Success;
        });
        return command;
    }

    private Command Get()
    {
        var command = new Command("get", "Show one webhook.") { _id };
        command.SetHandler(async (parseResult, output, cancellationToken) =>
        {
            var id = parseResult.GetRequiredValue(_id);
            using var api = Connect(parseResult);
            var webhook = await api.CallAsync("get the webhook", client => client.GetWebhookAsync(id, cancellationToken), id);
            WriteWebhook(parseResult, webhook, output);
            return ExitCodes.Success;
        });
        return command;
    }

    private Command Create()
    {
        var url = new Option<string>("--url") { Description = "URL that Vambe posts the events to.", HelpName = "URL", Required = true };
        var topics = new Option<string>("--topics") { Description = "Comma-separated topics to subscribe to.", HelpName = "T1,T2", Required = true };
        var description = new Option<string?>("--description") { Description = "Free text shown in Vambe.", HelpName = "TEXT" };
        var inactive = new Option<bool>("--inactive") { Description = "Create the webhook switched off." };
        var command = new Command("create", "Create a webhook.") { url, topics, description, inactive };
        command.SetHandler(async (parseResult, output, cancellationToken) =>
        {
            var request = new VambeWebhookRequest
            {
                Url = ValidateUrl(parseResult.GetRequiredValue(url), "--url"),
                Topics = ParseTopics(parseResult.GetRequiredValue(topics), "--topics"),
                Active = !parseResult.GetValue(inactive),
                Description = parseResult.GetValue(description),
            };
            using var api = Connect(parseResult);
            var webhook = await api.CallAsync("create the webhook", client => client.CreateWebhookAsync(request, cancellationToken));
            WriteChange(parseResult, "Created", webhook, output);
            return ExitCodes.Success;
        });
        return command;
    }

    private Command Update()
    {
        var url = new Option<string?>("--url") { Description = "New URL.", HelpName = "URL" };
        var topics = new Option<string?>("--topics") { Description = "New comma-separated topics, replacing the old ones.", HelpName = "T1,T2" };
        var active = new Option<string?>("--active") { Description = "Switch the webhook on (true) or off (false)." };
        active.AcceptOnlyFromAmong("true", "false");
        var description = new Option<string?>("--description") { Description = "New description.", HelpName = "TEXT" };
        var command = new Command("update", "Change a webhook's URL, topics, state or description.") { _id, url, topics, active, description };
        command.SetHandler(async (parseResult, output, cancellationToken) =>
        {
            var id = parseResult.GetRequiredValue(_id);
            var request = new VambeWebhookRequest
            {
                Url = parseResult.GetValue(url) is { } newUrl ? ValidateUrl(newUrl, "--url") : null,
                Topics = parseResult.GetValue(topics) is { } newTopics ? ParseTopics(newTopics, "--topics") : null,
                Active = parseResult.GetValue(active) is { } state ? state == "true" : null,
                Description = parseResult.GetValue(description),
            };
            if (request is { Url: null, Topics: null, Active: null, Description: null })
            {
                throw new CliException(ExitCodes.Failed, "Nothing to update: give at least one of --url, --topics, --active and --description.");
            }

            using var api = Connect(parseResult);
            var webhook = await api.CallAsync("update the webhook", client => client.UpdateWebhookAsync(id, request, cancellationToken), id);
            WriteChange(parseResult, "Updated", webhook, output);
            return ExitCodes.Success;
        });
        return command;
    }

    private Command Delete()
    {
        var command = new Command("delete", "Soft-delete a webhook; 'webhooks restore' undoes it.") { _id };
        command.SetHandler(async (parseResult, output, cancellationToken) =>
        {
            var id = parseResult.GetRequiredValue(_id);
            using var api = Connect(parseResult);
            var response = await api.CallAsync("delete the webhook", client => client.DeleteWebhookAsync(id, cancellationToken), id);
            if (WantsJson(parseResult))
            {
                WebhookOutput.WriteJson(response.ValueKind == System.Text.Json.JsonValueKind.Undefined ? new { id, deleted = true } : response, output.Out);
            }
            else
            {
                output.Out.WriteLine($"Deleted webhook {id}. 'webhooks restore {id}' undoes it.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private Command Restore()
    {
        var command = new Command("restore", "Restore a soft-deleted webhook.") { _id };
        command.SetHandler(async (parseResult, output, cancellationToken) =>
        {
            var id = parseResult.GetRequiredValue(_id);
            using var api = Connect(parseResult);
            var webhook = await api.CallAsync("restore the webhook", client => client.RestoreWebhookAsync(id, cancellationToken), id);
            WriteChange(parseResult, "Restored", webhook, output);
            return ExitCodes.Success;
        });
        return command;
    }

    private Command ListTopics()
    {
        var command = new Command("topics", "List the topics that Vambe can send.");
        command.SetHandler(async (parseResult, output, cancellationToken) =>
        {
            using var api = Connect(parseResult);
            var topics = await api.CallAsync("list the topics", client => client.ListTopicsAsync(cancellationToken));
            Write(parseResult, topics, output, () => WebhookOutput.WriteTopics(topics, output.Out));
            return ExitCodes.Success;
        });
        return command;
    }

    private Command ListCalls()
    {
        var command = new Command("calls", "List recent webhook deliveries, without their bodies.");
        command.SetHandler(async (parseResult, output, cancellationToken) =>
        {
            using var api = Connect(parseResult);
            var calls = await api.CallAsync("list the webhook calls", client => client.ListCallsAsync(cancellationToken));
            if (WantsJson(parseResult))
            {
                WebhookOutput.WriteCallsJson(calls, output.Out);
            }
            else
            {
                WebhookOutput.WriteCalls(calls, output.Out);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private void Write(ParseResult parseResult, object? value, CommandOutput output, Action writeTable)
    {
        if (WantsJson(parseResult))
        {
            WebhookOutput.WriteJson(value, output.Out);
        }
        else
        {
            writeTable();
        }
    }

    private void WriteWebhook(ParseResult parseResult, VambeWebhook? webhook, CommandOutput output)
    {
        if (webhook is null)
        {
            throw new CliException(ExitCodes.RequestFailed, "Vambe returned an empty body instead of the webhook.");
        }

        Write(parseResult, webhook, output, () => WebhookOutput.WriteDetails(webhook, output.Out));
    }

    private void WriteChange(ParseResult parseResult, string verb, VambeWebhook? webhook, CommandOutput output)
    {
        if (webhook is not null && !WantsJson(parseResult))
        {
            output.Out.WriteLine($"{verb} webhook {webhook.Id}.");
        }

        WriteWebhook(parseResult, webhook, output);
    }
}
