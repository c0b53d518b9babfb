using System.Text.Json;

namespace VambeFunctions.Ingest;

/// <summary>Builds RFC 9457 problem responses and the success response of ingest.</summary>
public static class Problems
{
    public const string ProblemContentType = "application/problem+json";

    /// <param name="reason">A stable, machine-readable reason class, such as <c>missing-secret</c>.</param>
    public static IngestResponse Create(int status, string title, string reason, string detail)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = "about:blank",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["reason"] = reason,
        });
        return new IngestResponse(status, ProblemContentType, body) { Reason = reason };
    }

    public static IngestResponse Accepted(string eventId) =>
        new(200, "application/json", JsonSerializer.SerializeToUtf8Bytes(new { received = true, eventId }));
}
