using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using VambeFunctions.Ingest;

namespace VambeFunctions.Functions;

/// <summary>The HTTP endpoint Vambe posts webhooks to. The host checks the function key first.</summary>
public sealed class IngestWebhookFunction(IngestService ingest)
{
    public const string Route = "webhooks/vambe";

    [Function(nameof(IngestWebhook))]
    public async Task<HttpResponseData> IngestWebhook(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route)] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        var result = await ingest.HandleAsync(ToIngestRequest(request), cancellationToken);

        var response = request.CreateResponse((HttpStatusCode)result.StatusCode);
        response.Headers.Add("Content-Type", result.ContentType);
        foreach (var (name, value) in result.Headers)
        {
            response.Headers.Add(name, value);
        }

        await response.Body.WriteAsync(result.Body, cancellationToken);
        return response;
    }

    private static IngestRequest ToIngestRequest(HttpRequestData request) => new(
        ContentType: FirstHeader(request, "Content-Type"),
        ContentLength: long.TryParse(FirstHeader(request, "Content-Length"), out var length) ? length : null,
        Body: request.Body,
        GetHeader: name => FirstHeader(request, name),
        GetQueryParameter: name => request.Query[name],
        ClientAddress: FirstHeader(request, "X-Forwarded-For")?.Split(',')[0].Trim());

    private static string? FirstHeader(HttpRequestData request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
