using System.Text.Json.Nodes;

namespace VambeFunctions.Cli.Infrastructure;

/// <summary>
/// Masks secrets before anything is printed: secret values show their first 4 characters and
/// "…", and URLs lose the values of query parameters that carry keys or secrets.
/// </summary>
public static class Redaction
{
    public const string Ellipsis = "…";

    /// <summary>Query parameters whose values are keys or secrets, such as the function key in <c>code</c>.</summary>
    private static readonly HashSet<string> SecretQueryParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "code", "secret", "key", "apikey", "api_key", "api-key", "token", "access_token", "sig", "signature", "password",
    };

    /// <summary>Words that mark a JSON property as a secret when its name contains one of them.</summary>
    private static readonly string[] SecretPropertyWords = ["secret", "apikey", "api_key", "token", "password", "signature"];

    /// <summary>
    /// Returns the first 4 characters and "…". A value shorter than 12 characters shows none of
    /// its characters, so that at most a third of a secret is ever printed.
    /// </summary>
    public static string MaskSecret(string secret) => secret.Length >= 12 ? secret[..4] + Ellipsis : Ellipsis;

    /// <summary>Returns the URL with the values of its secret query parameters and any password masked.</summary>
    public static string MaskUrl(string url)
    {
        var queryStart = url.IndexOf('?');
        var head = MaskPassword(queryStart < 0 ? url : url[..queryStart]);
        if (queryStart < 0)
        {
            return head;
        }

        var rest = url[(queryStart + 1)..];
        var fragmentStart = rest.IndexOf('#');
        var query = fragmentStart < 0 ? rest : rest[..fragmentStart];
        var fragment = fragmentStart < 0 ? "" : rest[fragmentStart..];
        return head + "?" + string.Join('&', query.Split('&').Select(MaskQueryParameter)) + fragment;
    }

    /// <summary>Returns the URL without its query string and fragment, which may carry a function key.</summary>
    public static string WithoutQuery(Uri? uri) =>
        uri is null ? "(no URL)" : uri.GetLeftPart(UriPartial.Path);

    /// <summary>Returns the URL text without its query string, or the text itself when it is not an absolute URL.</summary>
    public static string WithoutQuery(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? WithoutQuery(uri) : url.Split('?')[0];

    /// <summary>
    /// Returns a copy of the JSON with every string property whose name marks it as a secret
    /// masked, the secret query values of every URL masked, and each property named in
    /// <paramref name="omittedProperties"/> replaced with <c>"[omitted]"</c>.
    /// </summary>
    public static JsonNode? RedactJson(JsonNode? node, IReadOnlySet<string>? omittedProperties = null) => node switch
    {
        JsonObject jsonObject => new JsonObject(jsonObject.Select(property =>
            KeyValuePair.Create(property.Key, RedactProperty(property.Key, property.Value, omittedProperties)))),
        JsonArray array => new JsonArray([.. array.Select(item => RedactJson(item, omittedProperties))]),
        _ => node?.DeepClone(),
    };

    private static JsonNode? RedactProperty(string name, JsonNode? value, IReadOnlySet<string>? omittedProperties)
    {
        if (value is not null && omittedProperties is not null && omittedProperties.Contains(name))
        {
            return JsonValue.Create("[omitted]");
        }

        if (value is JsonValue scalar && scalar.TryGetValue<string>(out var text))
        {
            if (IsSecretProperty(name))
            {
                return JsonValue.Create(MaskSecret(text));
            }

            return JsonValue.Create(text.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? MaskUrl(text) : text);
        }

        return RedactJson(value, omittedProperties);
    }

    private static bool IsSecretProperty(string name)
    {
        var normalized = name.Replace("-", "").Replace("_", "");
        return SecretPropertyWords.Any(word => normalized.Contains(word.Replace("_", ""), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Masks the password in <c>scheme://user:password@host</c>.</summary>
    private static string MaskPassword(string url)
    {
        var authorityStart = url.IndexOf("://", StringComparison.Ordinal);
        if (authorityStart < 0)
        {
            return url;
        }

        authorityStart += 3;
        var authorityEnd = url.IndexOf('/', authorityStart);
        var authority = authorityEnd < 0 ? url[authorityStart..] : url[authorityStart..authorityEnd];
        var at = authority.LastIndexOf('@');
        var colon = at < 0 ? -1 : authority.IndexOf(':');
        if (colon < 0 || colon > at)
        {
            return url;
        }

        var masked = authority[..(colon + 1)] + Ellipsis + authority[at..];
        return url[..authorityStart] + masked + (authorityEnd < 0 ? "" : url[authorityEnd..]);
    }

    private static string MaskQueryParameter(string parameter)
    {
        var separator = parameter.IndexOf('=');
        if (separator < 0 || !SecretQueryParameters.Contains(Uri.UnescapeDataString(parameter[..separator])))
        {
            return parameter;
        }

        var value = Uri.UnescapeDataString(parameter[(separator + 1)..]);
        return parameter[..(separator + 1)] + MaskSecret(value);
    }
}
