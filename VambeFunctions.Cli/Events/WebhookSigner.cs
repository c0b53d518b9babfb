using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using StandardWebhooks;

namespace VambeFunctions.Cli.Events;

/// <summary>The ways an ingest endpoint authenticates a webhook, as its Ingest:AuthMode setting names them.</summary>
public enum SigningMode
{
    /// <summary>The secret itself in a header, <c>x-webhook-secret</c> by default.</summary>
    SharedSecret,

    /// <summary><c>x-vambe-timestamp</c> and <c>x-vambe-signature</c>, the lowercase hex HMAC-SHA256 of "{timestamp}.{body}".</summary>
    VambeSignature,

    /// <summary><c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature</c>, keyed with a <c>whsec_</c> secret.</summary>
    StandardWebhooks,
}

/// <summary>Adds the headers that authenticate a webhook body in each <see cref="SigningMode"/>.</summary>
public static class WebhookSigner
{
    public const string VambeTimestampHeader = "x-vambe-timestamp";
    public const string VambeSignatureHeader = "x-vambe-signature";
    public const string StandardIdHeader = "webhook-id";
    public const string StandardTimestampHeader = "webhook-timestamp";
    public const string StandardSignatureHeader = "webhook-signature";

    /// <summary>The command-line names of the modes, in the order of <see cref="SigningMode"/>.</summary>
    public static readonly string[] ModeNames = ["shared-secret", "vambe-signature", "standard-webhooks"];

    public static SigningMode ParseMode(string name) => (SigningMode)Array.IndexOf(ModeNames, name);

    /// <summary>
    /// Adds the authentication headers for <paramref name="body"/>, sent unchanged. In Standard
    /// Webhooks mode the message id is derived from the body, so sending the same file twice
    /// sends the same id and the app deduplicates it.
    /// </summary>
    /// <exception cref="FormatException">A Standard Webhooks secret is not <c>whsec_</c> plus base64.</exception>
    public static void Sign(HttpRequestHeaders headers, SigningMode mode, string secret, string secretHeader, byte[] body,
        DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (mode)
        {
            case SigningMode.SharedSecret:
                headers.Add(secretHeader, secret);
                break;
            case SigningMode.VambeSignature:
                headers.Add(VambeTimestampHeader, timestamp);
                headers.Add(VambeSignatureHeader, VambeSignature(secret, timestamp, body));
                break;
            case SigningMode.StandardWebhooks:
                var messageId = "msg_" + Convert.ToHexStringLower(SHA256.HashData(body))[..32];
                var signature = new StandardWebhook(secret).Sign(messageId, DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()),
                    Encoding.UTF8.GetString(body));
                headers.Add(StandardIdHeader, messageId);
                headers.Add(StandardTimestampHeader, timestamp);
                headers.Add(StandardSignatureHeader, signature);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown signing mode.");
        }
    }

    /// <summary>Returns the lowercase hex HMAC-SHA256 of "{timestamp}.{body}", keyed with the secret's UTF-8 bytes.</summary>
    public static string VambeSignature(string secret, string timestamp, byte[] body)
    {
        var signed = Encoding.ASCII.GetBytes(timestamp + ".").Concat(body).ToArray();
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
