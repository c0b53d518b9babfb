using System.Net;
using VambeFunctions.Cli.Infrastructure;
using VambeFunctions.Integrations;

namespace VambeFunctions.Cli.Webhooks;

/// <summary>
/// A <see cref="VambeClient"/> for one command, with the API key from <c>VAMBE_API_KEY</c> and
/// Vambe's error statuses turned into messages and exit codes. It does not retry, so that an
/// operator sees a failure at once.
/// </summary>
public sealed class VambeApi : IDisposable
{
    public const string DefaultBaseUrl = "https://api.vambe.me";

    private readonly HttpClient _http;

    private VambeApi(HttpClient http)
    {
        _http = http;
        Client = new VambeClient(http);
    }

    public VambeClient Client { get; }

    /// <summary>Creates the client for the base URL from <c>--base-url</c>, else <c>VAMBE_BASE_URL</c>, else Vambe's.</summary>
    public static VambeApi Create(CliEnvironment environment, string? baseUrlOption, TimeSpan timeout)
    {
        var apiKey = environment.Get(CliEnvironment.ApiKeyVariable)
            ?? throw new CliException(ExitCodes.Configuration,
                $"{CliEnvironment.ApiKeyVariable} is not set. Export the Vambe API key in it; the tool takes no key on the command line.");
        var baseUrl = baseUrlOption ?? environment.Get(CliEnvironment.BaseUrlVariable) ?? DefaultBaseUrl;
        if (!Uri.TryCreate(baseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress)
            || baseAddress.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.Failed, $"The Vambe base URL '{Redaction.WithoutQuery(baseUrl)}' is not an absolute http or https URL.");
        }

        var http = TransportErrorHandler.CreateClient(timeout);
        http.BaseAddress = baseAddress;
        http.DefaultRequestHeaders.Add(VambeClient.ApiKeyHeader, apiKey);
        return new VambeApi(http);
    }

    /// <summary>
    /// Runs one call and turns an error status into a <see cref="CliException"/>. A 404 names
    /// <paramref name="webhookId"/> when the call was about one webhook.
    /// </summary>
    public async Task<T> CallAsync<T>(string description, Func<VambeClient, Task<T>> call, string? webhookId = null)
    {
        try
        {
            return await call(Client);
        }
        catch (HttpRequestException e) when (e.StatusCode is { } status)
        {
            throw Translate(status, description, webhookId);
        }
    }

    private static CliException Translate(HttpStatusCode status, string description, string? webhookId) => status switch
    {
        HttpStatusCode.Unauthorized => new CliException(ExitCodes.Unauthorized,
            $"Vambe rejected the API key (401). Check {CliEnvironment.ApiKeyVariable}."),
        HttpStatusCode.Forbidden => new CliException(ExitCodes.Unauthorized,
            $"Vambe refused to {description} (403): the API key lacks the permission. Check {CliEnvironment.ApiKeyVariable}."),
        HttpStatusCode.NotFound when webhookId is not null => new CliException(ExitCodes.NotFound,
            $"Webhook '{webhookId}' was not found in Vambe (404). List the webhooks with 'webhooks list'."),
        HttpStatusCode.NotFound => new CliException(ExitCodes.NotFound,
            $"Vambe answered 404 to {description}. Check --base-url or {CliEnvironment.BaseUrlVariable}."),
        _ => new CliException(ExitCodes.RequestFailed, $"Vambe failed to {description}: {(int)status} {status}."),
    };

    public void Dispose() => _http.Dispose();
}
