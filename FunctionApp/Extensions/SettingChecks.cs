using System.ComponentModel.DataAnnotations;

namespace VambeFunctions.Extensions;

/// <summary>Start-up checks shared by the options classes.</summary>
public static class SettingChecks
{
    private const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    /// <summary>
    /// Checks an optional URL setting: empty means unset, and anything else must be an absolute
    /// http or https URL.
    /// </summary>
    public static IEnumerable<ValidationResult> OptionalUrl(string? value, string settingName, string memberName)
    {
        foreach (var result in ResolvedSecret(value, settingName, memberName))
        {
            yield return result;
        }

        if (!string.IsNullOrWhiteSpace(value) && !IsHttpUrl(value) && !IsKeyVaultReference(value))
        {
            yield return new ValidationResult($"{settingName} must be an absolute http or https URL.", [memberName]);
        }
    }

    /// <summary>
    /// Rejects a Key Vault reference that the platform left unresolved, which happens when the
    /// secret does not exist yet or the app's identity cannot read it. The app would otherwise
    /// take the reference's text as the value.
    /// </summary>
    public static IEnumerable<ValidationResult> ResolvedSecret(string? value, string settingName, string memberName)
    {
        if (IsKeyVaultReference(value))
        {
            yield return new ValidationResult(
                $"{settingName} is an unresolved Key Vault reference. Create the secret in the vault and check that the "
                + "app's identity has the Key Vault Secrets User role.", [memberName]);
        }
    }

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static bool IsKeyVaultReference(string? value) =>
        value?.TrimStart().StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase) == true;
}
