using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace VambeFunctions.Ingest;

/// <summary>
/// Verifies Standard Webhooks signatures: <c>webhook-signature</c> contains space-separated
/// <c>v1,{base64}</c> signatures, each an HMAC-SHA256 of <c>"{webhook-id}.{webhook-timestamp}.{raw body}"</c>
/// keyed with the base64 part of a <c>whsec_</c> secret. The sender's <c>webhook-id</c> becomes
/// the event id, so its own redeliveries deduplicate.
/// </summary>
public sealed class StandardWebhooksAuthenticator(IOptions<IngestOptions> options, TimeProvider time) : IWebhookAuthenticator
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    private const string SecretPrefix = "whsec_";

    private readonly IngestOptions _options = options.Value;
    private readonly byte[][] _keys = [.. options.Value.SecretList.Select(DecodeSecret).OfType<byte[]>()];

    public AuthenticationResult Authenticate(IngestRequest request, ReadOnlySpan<byte> body)
    {
        var id = request.GetHeader(IdHeader);
        var timestamp = request.GetHeader(TimestampHeader);
        var signatures = request.GetHeader(SignatureHeader);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
        {
            return AuthenticationResult.Fail(AuthenticationResult.MissingSignature,
                $"Send the '{IdHeader}', '{TimestampHeader}' and '{SignatureHeader}' headers.");
        }

        var tolerance = TimeSpan.FromSeconds(_options.SignatureToleranceSeconds);
        if (SignatureTimestamp.Check(timestamp, TimestampHeader, tolerance, time.GetUtcNow()) is { } failure)
        {
            return failure;
        }

        var presented = ParseSignatures(signatures);
        if (presented.Count == 0)
        {
            return AuthenticationResult.Fail(AuthenticationResult.MalformedHeader,
                $"The '{SignatureHeader}' header must hold space-separated 'v1,<base64>' signatures.");
        }

        var signed = VambeSignatureAuthenticator.Signed($"{id}.{timestamp}", body);
        var matched = false;
        foreach (var key in _keys)
        {
            var expected = HMACSHA256.HashData(key, signed);
            foreach (var signature in presented)
            {
                matched |= CryptographicOperations.FixedTimeEquals(expected, signature);
            }
        }

        return matched
            ? AuthenticationResult.Success with { EventId = EventIds.EncodeSourceId(id) }
            : AuthenticationResult.Fail(AuthenticationResult.SignatureMismatch, "No signature matches the body.");
    }

    /// <summary>Returns the key of a <c>whsec_</c> secret (the prefix is optional), or null when it is not base64.</summary>
    public static byte[]? DecodeSecret(string secret)
    {
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        var buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out var length) && length > 0 ? buffer[..length] : null;
    }

    /// <summary>Reads the <c>v1</c> signatures; other versions and malformed entries are ignored.</summary>
    private static List<byte[]> ParseSignatures(string header)
    {
        var signatures = new List<byte[]>();
        foreach (var entry in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(',', 2);
            var buffer = new byte[parts.Length == 2 ? parts[1].Length : 0];
            if (parts.Length == 2 && parts[0] == "v1" && Convert.TryFromBase64String(parts[1], buffer, out var length))
            {
                signatures.Add(buffer[..length]);
            }
        }

        return signatures;
    }
}
