using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace VambeFunctions.Ingest;

/// <summary>
/// Verifies Vambe's signature scheme: <c>x-vambe-signature</c> is the lowercase hex
/// HMAC-SHA256 of <c>"{x-vambe-timestamp}.{raw body}"</c>, keyed with a shared secret. The
/// timestamp may be in seconds or milliseconds, and must be within the tolerance of now.
/// </summary>
public sealed class VambeSignatureAuthenticator(IOptions<IngestOptions> options, TimeProvider time) : IWebhookAuthenticator
{
    public const string TimestampHeader = "x-vambe-timestamp";
    public const string SignatureHeader = "x-vambe-signature";

    private readonly IngestOptions _options = options.Value;
    private readonly byte[][] _keys = [.. options.Value.SecretList.Select(Encoding.UTF8.GetBytes)];

    public AuthenticationResult Authenticate(IngestRequest request, ReadOnlySpan<byte> body)
    {
        var timestamp = request.GetHeader(TimestampHeader);
        var signature = request.GetHeader(SignatureHeader);
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return AuthenticationResult.Fail(AuthenticationResult.MissingSignature,
                $"Send the '{TimestampHeader}' and '{SignatureHeader}' headers.");
        }

        var tolerance = TimeSpan.FromSeconds(_options.SignatureToleranceSeconds);
        if (SignatureTimestamp.Check(timestamp, TimestampHeader, tolerance, time.GetUtcNow()) is { } failure)
        {
            return failure;
        }

        if (!TryDecodeHex(signature, out var presented))
        {
            return AuthenticationResult.Fail(AuthenticationResult.MalformedHeader,
                $"The '{SignatureHeader}' header must be a 64-character hex HMAC-SHA256.");
        }

        var signed = Signed(timestamp, body);
        var matched = false;
        foreach (var key in _keys)
        {
            matched |= CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, signed), presented);
        }

        return matched
            ? AuthenticationResult.Success
            : AuthenticationResult.Fail(AuthenticationResult.SignatureMismatch, "The signature does not match the body.");
    }

    /// <summary>Returns the bytes that are signed: the timestamp as sent, a dot, and the raw body.</summary>
    public static byte[] Signed(string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return signed;
    }

    private static bool TryDecodeHex(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != 64)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
