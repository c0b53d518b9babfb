using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace VambeFunctions.Benchmarks.EndToEnd;

public enum StorageService
{
    Queue,
    Table,
    Blob,
}

/// <summary>One kind of storage request on one queue, table or container, with its response status (0: no response).</summary>
public readonly record struct RequestKey(string Kind, string Resource, int Status);

/// <summary>
/// Counts every request that the storage clients send, one count per try, because the policy
/// sits at <see cref="HttpPipelinePosition.PerRetry"/>. Besides the process-wide counts, the
/// requests made inside <see cref="Track"/> also go to that delivery's <see cref="RequestTally"/>.
/// </summary>
public sealed class StorageRequestCounter
{
    private static readonly AsyncLocal<RequestTally?> CurrentTally = new();

    private readonly ConcurrentDictionary<RequestKey, long> _counts = new();

    /// <summary>Returns a policy to add to a client's options of the given service.</summary>
    public HttpPipelinePolicy CreatePolicy(StorageService service) => new CountingPolicy(this, service);

    /// <summary>Sends the requests of the calling async flow to <paramref name="tally"/> until disposed.</summary>
    public IDisposable Track(RequestTally tally)
    {
        var previous = CurrentTally.Value;
        CurrentTally.Value = tally;
        return new Restore(previous);
    }

    public IReadOnlyDictionary<RequestKey, long> Snapshot() => new Dictionary<RequestKey, long>(_counts);

    /// <summary>Returns the requests counted between two snapshots.</summary>
    public static IReadOnlyDictionary<RequestKey, long> Between(IReadOnlyDictionary<RequestKey, long> before,
        IReadOnlyDictionary<RequestKey, long> after) =>
        after.Select(pair => (pair.Key, Count: pair.Value - before.GetValueOrDefault(pair.Key)))
            .Where(pair => pair.Count > 0)
            .ToDictionary(pair => pair.Key, pair => pair.Count);

    private void Record(StorageService service, HttpMessage message)
    {
        var key = new RequestKey(Classify(service, message.Request, out var resource), resource,
            message.HasResponse ? message.Response.Status : 0);
        _counts.AddOrUpdate(key, 1, (_, count) => count + 1);
        CurrentTally.Value?.Add(key);
    }

    /// <summary>Names a request by its service, method and path, as the storage REST APIs define them.</summary>
    private static string Classify(StorageService service, Request request, out string resource)
    {
        var segments = request.Uri.Path.Trim('/').Split('/');
        resource = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : "";
        var method = request.Method;
        var query = request.Uri.Query;
        switch (service)
        {
            case StorageService.Queue when segments.Length == 3 && segments[2] == "messages":
                return method == RequestMethod.Post ? "queue send"
                    : method == RequestMethod.Get && !query.Contains("peekonly", StringComparison.Ordinal) ? "queue receive"
                    : "queue other";
            case StorageService.Queue when segments.Length == 4 && segments[2] == "messages":
                return method == RequestMethod.Delete ? "queue delete" : "queue other";
            case StorageService.Queue:
                return "queue other";
            case StorageService.Table:
                var parenthesis = resource.IndexOf('(');
                var isEntity = parenthesis >= 0;
                resource = isEntity ? resource[..parenthesis] : resource;
                return resource == "Tables" || resource == "$batch" ? "table other"
                    : method == RequestMethod.Post ? "table insert"
                    : method == RequestMethod.Patch || method == RequestMethod.Put || method.Method == "MERGE" ? "table merge/update"
                    : method == RequestMethod.Get && isEntity ? "table get"
                    : "table other";
            default:
                return query.Contains("restype=container", StringComparison.Ordinal) ? "blob other"
                    : method == RequestMethod.Put ? "blob put"
                    : method == RequestMethod.Get || method == RequestMethod.Head ? "blob get"
                    : method == RequestMethod.Delete ? "blob delete"
                    : "blob other";
        }
    }

    private sealed class CountingPolicy(StorageRequestCounter counter, StorageService service) : HttpPipelinePolicy
    {
        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            try
            {
                await ProcessNextAsync(message, pipeline);
            }
            finally
            {
                counter.Record(service, message);
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            try
            {
                ProcessNext(message, pipeline);
            }
            finally
            {
                counter.Record(service, message);
            }
        }
    }

    private sealed class Restore(RequestTally? previous) : IDisposable
    {
        public void Dispose() => CurrentTally.Value = previous;
    }
}

/// <summary>The storage requests of one delivery or one ingest request.</summary>
public sealed class RequestTally
{
    private readonly Dictionary<RequestKey, int> _counts = [];

    public void Add(RequestKey key)
    {
        lock (_counts)
        {
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
        }
    }

    public IReadOnlyDictionary<RequestKey, int> Counts
    {
        get
        {
            lock (_counts)
            {
                return new Dictionary<RequestKey, int>(_counts);
            }
        }
    }
}
