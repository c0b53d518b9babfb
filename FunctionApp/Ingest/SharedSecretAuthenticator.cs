using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace VambeFunctions.Ingest;

/// <summary>
/// Checks a shared secret sent in a header or, failing that, in a query parameter. Every
/// configured secret is compared, so secrets can be rotated by adding the new one first.
/// </summary>
public sealed class SharedSecretAuthenticator(IOptions<IngestOptions> options) : IWebhookAuthenticator
{
    private readonly IngestOptions _options = options.Value;

    // Comparing SHA-256 digests keeps the comparison constant-time whatever the lengths are.
    private readonly byte[][] _secretDigests =
        [.. options.Value.SecretList.Select(secret => SHA256.HashData(Encoding.UTF8.GetBytes(secret)))];

    public AuthenticationResult Authenticate(IngestRequest request, ReadOnlySpan<byte> body)
    {
        var presented = request.GetHeader(_options.SecretHeaderName)
            ?? request.GetQueryParameter(_options.SecretQueryParameterName);
        if (string.IsNullOrEmpty(presented))
        {
            return AuthenticationResult.Fail("missing-secret",
                $"Send the shared secret in the '{_options.SecretHeaderName}' header.");
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var matched = false;
        foreach (var candidate in _secretDigests)
        {
            matched |= CryptographicOperations.FixedTimeEquals(digest, candidate);
        }

        return matched
            ? AuthenticationResult.Success
            : AuthenticationResult.Fail("invalid-secret", "The shared secret does not match.");
    }
}
