using System.Text;
using VambeFunctions.Ingest;

namespace VambeFunctions.Tests.Infrastructure;

/// <summary>Builds ingest requests as the HTTP function would pass them on.</summary>
public static class Requests
{
    public static IngestRequest Json(byte[] body, string? secret = TestApp.Secret, string contentType = "application/json",
        IDictionary<string, string>? headers = null, IDictionary<string, string>? query = null, long? contentLength = null)
    {
        var allHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (secret is not null)
        {
            allHeaders["x-webhook-secret"] = secret;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            allHeaders[name] = value;
        }

        var queryParameters = new Dictionary<string, string>(query ?? new Dictionary<string, string>());
        return new IngestRequest(contentType, contentLength ?? body.Length, new MemoryStream(body),
            name => allHeaders.GetValueOrDefault(name), name => queryParameters.GetValueOrDefault(name), "127.0.0.1");
    }

    public static IngestRequest Json(string body, string? secret = TestApp.Secret) => Json(Encoding.UTF8.GetBytes(body), secret);
}
