using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using VambeFunctions.Telemetry;

namespace VambeFunctions.Functions;

/// <summary>An anonymous endpoint for uptime probes. It reports reachability only, never configuration.</summary>
public sealed class HealthFunction(HealthCheck health)
{
    public const string Route = "health";

    [Function(nameof(Health))]
    public async Task<HttpResponseData> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync(cancellationToken);

        var response = request.CreateResponse(report.Healthy ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable);
        response.Headers.Add("Content-Type", "application/json");
        response.Headers.Add("Cache-Control", "no-store");
        var body = new { status = report.Healthy ? "healthy" : "unhealthy", checks = report.Checks };
        await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body), cancellationToken);
        return response;
    }
}
