using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Options;

namespace VambeFunctions.Integrations;

/// <summary>What an alert is about. The text never includes a phone number or message text.</summary>
/// <param name="Details">One sentence about why the alert fired, such as the matched rules.</param>
public sealed record Alert(string Topic, string EventId, string? ContactName, string? ContactId, string Details);

/// <summary>Posts alerts as <c>{"text": ...}</c> to a Slack-compatible incoming webhook.</summary>
public sealed class ChatAlertClient(HttpClient http, IOptions<AlertOptions> options)
{
    private readonly AlertOptions _options = options.Value;

    public bool Enabled => _options.Enabled;

    public async Task SendAsync(Alert alert, CancellationToken cancellationToken)
    {
        var text = Format(alert, _options.Template);
        using var response = await http.PostAsJsonAsync(_options.WebhookUrl, new { text }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Fills the template. Values are escaped, so a contact name cannot mention a channel.</summary>
    public static string Format(Alert alert, string? template)
    {
        var text = new StringBuilder(string.IsNullOrWhiteSpace(template) ? AlertOptions.DefaultTemplate : template);
        text.Replace("{topic}", Escape(alert.Topic))
            .Replace("{eventId}", Escape(alert.EventId))
            .Replace("{contactName}", Escape(alert.ContactName ?? "unknown contact"))
            .Replace("{contactId}", Escape(alert.ContactId ?? "unknown"))
            .Replace("{details}", Escape(alert.Details));
        return text.ToString();
    }

    /// <summary>Escapes the three characters Slack's message formatting treats as control characters.</summary>
    private static string Escape(string value) =>
        value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
