namespace VambeFunctions.Ingest;

/// <summary>The parts of an HTTP request that ingest reads, independent of the Functions host.</summary>
public sealed record IngestRequest(
    string? ContentType,
    long? ContentLength,
    Stream Body,
    Func<string, string?> GetHeader,
    Func<string, string?> GetQueryParameter,
    string? ClientAddress);

/// <summary>The HTTP response that ingest produces.</summary>
public sealed record IngestResponse(int StatusCode, string ContentType, byte[] Body)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The reason class of a rejection, logged and returned in the problem body.</summary>
    public string? Reason { get; init; }
}
