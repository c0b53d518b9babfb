using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace VambeFunctions.Telemetry;

public static class TelemetryExportExtensions
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// Exports the app's traces, metrics and logs through the Functions worker's OpenTelemetry
    /// integration: to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is
    /// set, else to the console. Outbound HTTP calls join the current trace through the
    /// System.Net.Http activity source.
    /// </summary>
    public static IServiceCollection AddTelemetryExport(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(AppTelemetry.Name, "System.Net.Http").AddProcessor(new UrlRedactionProcessor()))
            .WithMetrics(metrics => metrics.AddMeter(AppTelemetry.Name));

        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            builder.WithTracing(tracing => tracing.AddConsoleExporter()).WithMetrics(metrics => metrics.AddConsoleExporter());
            return services;
        }

        builder.UseAzureMonitorExporter(options =>
        {
            options.ConnectionString = connectionString;
            options.Credential = CreateCredential(configuration[AuthenticationSetting]);

            // Every span is kept: one event is one trace, and a sampled-out ingest span would orphan its processing span.
            options.SamplingRatio = 1.0F;
        });
        return services;
    }

    /// <summary>
    /// Reads <c>ClientId=...;Authorization=AAD</c>, the setting Functions uses for Entra ID
    /// ingestion, into a managed-identity credential. Without it the exporter uses the connection
    /// string's instrumentation key alone.
    /// </summary>
    public static TokenCredential? CreateCredential(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication))
        {
            return null;
        }

        var parts = authentication.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var mode) || !mode.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
