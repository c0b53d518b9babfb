using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using VambeFunctions.Handlers;
using VambeFunctions.Integrations;
using VambeFunctions.Telemetry;

namespace VambeFunctions.Extensions;

public static class OutboundClientExtensions
{
    /// <summary>
    /// Registers the Vambe, chat and CRM clients, each behind the standard resilience pipeline:
    /// per-attempt and total timeouts, jittered exponential retries on 5xx, 408, 429 and
    /// connection failures that honour Retry-After, and a circuit breaker.
    /// </summary>
    public static IServiceCollection AddOutboundClients(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboundOptions>().Bind(configuration.GetSection(OutboundOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<VambeOptions>().Bind(configuration.GetSection(VambeOptions.SectionName))
            .ValidateDataAnnotations().Validate<IOptions<RoutingOptions>>(HasApiKeyWhenNeeded, ApiKeyMissing).ValidateOnStart();
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CrmOptions>().Bind(configuration.GetSection(CrmOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();

        // The default HTTP client logs carry request URLs, and Vambe's tag URL contains a phone number.
        services.ConfigureHttpClientDefaults(builder => builder.RemoveAllLoggers());

        services.AddHttpClient<VambeClient>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<VambeOptions>>().Value;
            http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
            if (!string.IsNullOrEmpty(options.ApiKey))
            {
                http.DefaultRequestHeaders.Add(VambeClient.ApiKeyHeader, options.ApiKey);
            }
        }).AddResilience("vambe");
        services.AddHttpClient<ChatAlertClient>().AddResilience("chat");
        services.AddHttpClient<CrmClient>().AddResilience("crm");
        return services;
    }

    /// <param name="target">Name of the target in the outbound-call metric.</param>
    private static void AddResilience(this IHttpClientBuilder builder, string target)
    {
        builder.AddStandardResilienceHandler().Configure((HttpStandardResilienceOptions options, IServiceProvider provider) =>
        {
            var outbound = provider.GetRequiredService<IOptions<OutboundOptions>>().Value;
            var attemptTimeout = TimeSpan.FromSeconds(outbound.AttemptTimeoutSeconds);
            options.AttemptTimeout.Timeout = attemptTimeout;
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(Math.Max(outbound.TotalTimeoutSeconds, outbound.AttemptTimeoutSeconds));
            options.Retry.MaxRetryAttempts = outbound.MaxRetryAttempts;
            options.Retry.Delay = TimeSpan.FromMilliseconds(outbound.RetryDelayMilliseconds);
            options.Retry.BackoffType = DelayBackoffType.Exponential;
            options.Retry.UseJitter = true;
            options.Retry.ShouldRetryAfterHeader = true;

            // The breaker must sample over at least two attempt timeouts, or the options fail validation.
            options.CircuitBreaker.SamplingDuration = attemptTimeout * 2 > TimeSpan.FromSeconds(30) ? attemptTimeout * 2 : TimeSpan.FromSeconds(30);
        });

        // Added after the resilience handler, so it sits inside it and counts every attempt.
        builder.AddHttpMessageHandler(provider => new OutboundCallMetrics(provider.GetRequiredService<AppTelemetry>(), target));
    }

    private const string ApiKeyMissing =
        "Vambe:ApiKey is missing, but a routing rule tags or assigns, or Routing:DefaultTeamMemberId is set. Set Vambe:ApiKey.";

    private static bool HasApiKeyWhenNeeded(VambeOptions options, IOptions<RoutingOptions> routingOptions)
    {
        var routing = routingOptions.Value;
        var callsVambe = !string.IsNullOrWhiteSpace(routing.DefaultTeamMemberId)
            || routing.Rules.Any(rule => rule.Tags.Count > 0 || !string.IsNullOrWhiteSpace(rule.TeamMemberId));
        return !callsVambe || !string.IsNullOrWhiteSpace(options.ApiKey);
    }
}
