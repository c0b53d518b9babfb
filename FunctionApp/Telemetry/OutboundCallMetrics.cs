namespace VambeFunctions.Telemetry;

/// <summary>
/// Counts each outbound HTTP attempt by target and status. It sits inside the resilience
/// handler, so every retry is counted.
/// </summary>
public sealed class OutboundCallMetrics(AppTelemetry telemetry, string target) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            Record(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }
        catch (Exception)
        {
            Record("error");
            throw;
        }
    }

    private void Record(string status) =>
        telemetry.OutboundCalls.Add(1, new("target", target), new("status", status));
}
