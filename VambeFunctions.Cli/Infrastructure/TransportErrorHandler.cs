namespace VambeFunctions.Cli.Infrastructure;

/// <summary>
/// Turns a refused connection, a failed name lookup or a timeout into a <see cref="CliException"/>
/// that names the URL without its query string, which may hold a function key. The timeout
/// covers the response body too, because the body is read into memory here.
/// </summary>
public sealed class TransportErrorHandler : DelegatingHandler
{
    private readonly TimeSpan _timeout;

    public TransportErrorHandler(TimeSpan timeout)
        : base(new SocketsHttpHandler { ConnectTimeout = timeout, AllowAutoRedirect = false })
    {
        _timeout = timeout;
    }

    /// <summary>Creates an HTTP client whose only timeout is this handler's.</summary>
    public static HttpClient CreateClient(TimeSpan timeout) =>
        new(new TransportErrorHandler(timeout)) { Timeout = Timeout.InfiniteTimeSpan };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(_timeout);
        var url = Redaction.WithoutQuery(request.RequestUri);
        try
        {
            var response = await base.SendAsync(request, timeoutSource.Token);
            await response.Content.LoadIntoBufferAsync(timeoutSource.Token);
            return response;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable,
                $"Timed out after {_timeout.TotalSeconds:0.#} s waiting for {url}. Check that the endpoint is up, or raise --timeout.");
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new CliException(ExitCodes.Unreachable, $"Could not reach {url}: {e.Message}");
        }
    }
}
