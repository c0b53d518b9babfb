using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace VambeFunctions.Extensions;

/// <summary>
/// Data classes of webhook payloads, and the redaction of personal data that a log line needs
/// to correlate events, such as the sender of a message.
/// </summary>
public static class Privacy
{
    /// <summary>Phone numbers, names, message text and other personal data from payloads.</summary>
    public static DataClassification PersonalData { get; } = new("VambeFunctions", nameof(PersonalData));

    /// <summary>
    /// Registers the redactors. With <c>Redaction:HmacKey</c> set (base64, at least 44 characters)
    /// personal data is replaced by a keyed HMAC, the same for the same value, so an operator can
    /// see that two events came from one sender without seeing who. Without it the value is erased.
    /// </summary>
    public static IServiceCollection AddPersonalDataRedaction(this IServiceCollection services, IConfiguration configuration)
    {
        var key = configuration["Redaction:HmacKey"];
        return services.AddRedaction(builder =>
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                builder.SetRedactor<ErasingRedactor>(new DataClassificationSet(PersonalData));
                return;
            }

            builder.SetHmacRedactor(options =>
            {
                options.Key = key;
                options.KeyId = 1;
            }, new DataClassificationSet(PersonalData));
        });
    }
}
