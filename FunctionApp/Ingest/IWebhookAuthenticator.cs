namespace VambeFunctions.Ingest;

/// <summary>The app's own authentication of a webhook, applied after the host's function key.</summary>
public interface IWebhookAuthenticator
{
    /// <param name="body">The exact bytes received, for schemes that sign the body.</param>
    AuthenticationResult Authenticate(IngestRequest request, ReadOnlySpan<byte> body);
}

/// <param name="Reason">A reason class safe to return and log; never the secret or signature.</param>
public sealed record AuthenticationResult(bool Succeeded, string? Reason, string? Detail)
{
    public static AuthenticationResult Success { get; } = new(true, null, null);

    public static AuthenticationResult Fail(string reason, string detail) => new(false, reason, detail);
}
