namespace VambeFunctions.Ingest;

/// <summary>The app's own authentication of a webhook, applied after the host's function key.</summary>
public interface IWebhookAuthenticator
{
    /// <param name="body">The exact bytes received, for schemes that sign the body.</param>
    AuthenticationResult Authenticate(IngestRequest request, ReadOnlySpan<byte> body);
}

/// <param name="Reason">A reason class safe to return and log; never the secret or signature.</param>
/// <param name="EventId">An event id the sender supplied, used in place of the derived one.</param>
public sealed record AuthenticationResult(bool Succeeded, string? Reason, string? Detail, string? EventId = null)
{
    public const string MissingSignature = "missing-signature";
    public const string MalformedHeader = "malformed-header";
    public const string TimestampOutsideTolerance = "timestamp-outside-tolerance";
    public const string SignatureMismatch = "signature-mismatch";

    public static AuthenticationResult Success { get; } = new(true, null, null);

    public static AuthenticationResult Fail(string reason, string detail) => new(false, reason, detail);
}

/// <summary>Accepts every request, leaving authentication to the host's function key.</summary>
public sealed class FunctionKeyOnlyAuthenticator : IWebhookAuthenticator
{
    public AuthenticationResult Authenticate(IngestRequest request, ReadOnlySpan<byte> body) => AuthenticationResult.Success;
}
