using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VambeFunctions.Events.Models;
using VambeFunctions.Handlers;
using VambeFunctions.Ingest;
using VambeFunctions.Integrations;
using VambeFunctions.Processing;
using VambeFunctions.Storage;
using VambeFunctions.Telemetry;

namespace VambeFunctions.Extensions;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers everything the functions use, with options validated at start-up.</summary>
    public static IServiceCollection AddApplicationServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<AppTelemetry>();
        services.AddPersonalDataRedaction(configuration);
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProcessingOptions>().Bind(configuration.GetSection(ProcessingOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddStorageClients(configuration);
        services.AddSingleton<IWebhookAuthenticator>(CreateAuthenticator);
        services.AddSingleton<RejectionLog>();
        services.AddSingleton<EventQueueWriter>();
        services.AddSingleton<IngestService>();

        services.AddSingleton<TableStorage>();
        services.AddSingleton<EventClaims>();
        services.AddSingleton<DeadLetterArchive>();
        services.AddSingleton<PayloadStore>();
        services.AddSingleton<EventProcessor>();
        services.AddSingleton<RetentionCleanup>();
        services.AddSingleton<HealthCheck>();
        services.AddOutboundClients(configuration);
        services.AddEventHandlers(configuration);
        return services;
    }

    private static void AddStorageClients(this IServiceCollection services, IConfiguration configuration)
    {
        var connection = new StorageConnection(configuration);
        services.AddSingleton(connection);
        services.AddSingleton(_ => new IngestStorageClients(
            connection.CreateQueueServiceClient(IngestQueueOptions()), connection.CreateBlobServiceClient(IngestBlobOptions())));
        services.AddSingleton(_ => connection.CreateTableServiceClient(WithProcessingRetry(new TableClientOptions())));
        services.AddSingleton(_ => connection.CreateBlobServiceClient(WithProcessingRetry(new BlobClientOptions())));
    }

    private static IWebhookAuthenticator CreateAuthenticator(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<IngestOptions>>();
        if (options.Value.AuthenticationDisabled)
        {
            return new FunctionKeyOnlyAuthenticator();
        }

        return options.Value.AuthMode switch
        {
            AuthMode.VambeSignature => ActivatorUtilities.CreateInstance<VambeSignatureAuthenticator>(provider),
            AuthMode.StandardWebhooks => ActivatorUtilities.CreateInstance<StandardWebhooksAuthenticator>(provider),
            _ => ActivatorUtilities.CreateInstance<SharedSecretAuthenticator>(provider),
        };
    }

    /// <summary>
    /// Options of the ingest queue client: three tries of at most 1 second each, which the
    /// ingest budget (<see cref="IngestOptions.StorageBudgetMilliseconds"/>) caps as a whole.
    /// Messages are base64-encoded, as host.json configures the queue trigger to read them.
    /// </summary>
    public static QueueClientOptions IngestQueueOptions()
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        SetIngestRetry(options.Retry);
        return options;
    }

    /// <summary>Options of the ingest blob client, which stores bodies too large for a queue message.</summary>
    public static BlobClientOptions IngestBlobOptions()
    {
        var options = new BlobClientOptions();
        SetIngestRetry(options.Retry);
        return options;
    }

    /// <summary>
    /// Options of the processing path's clients: a storage request that hangs fails after 20
    /// seconds instead of the SDK's 100, so the invocation throws and the queue retries the event
    /// well before the function timeout.
    /// </summary>
    public static T WithProcessingRetry<T>(T options)
        where T : ClientOptions
    {
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(20);
        options.Retry.MaxRetries = 3;
        return options;
    }

    private static void SetIngestRetry(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(100);
        retry.MaxDelay = TimeSpan.FromMilliseconds(400);
        retry.NetworkTimeout = TimeSpan.FromSeconds(1);
    }

    private static void AddEventHandlers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FunnelOptions>().Bind(configuration.GetSection(FunnelOptions.SectionName));
        services.AddSingleton(provider => new KeywordMatcher(provider.GetRequiredService<IOptions<RoutingOptions>>().Value.Rules));
        services.AddSingleton<ContactAssignments>();
        services.AddSingleton<StageTransitions>();
        services.AddSingleton<DeliveryFailures>();

        services.AddSingleton<IEventHandler<MessageReceivedEvent>, MessageReceivedHandler>();
        services.AddSingleton<IEventHandler<MessageSentEvent>, MessageSentHandler>();
        services.AddSingleton<IEventHandler<TicketCreatedEvent>, CrmSyncHandler<TicketCreatedEvent, TicketData>>();
        services.AddSingleton<IEventHandler<TicketUpdatedEvent>, CrmSyncHandler<TicketUpdatedEvent, TicketData>>();
        services.AddSingleton<IEventHandler<TicketClosedEvent>, CrmSyncHandler<TicketClosedEvent, TicketData>>();
        services.AddSingleton<IEventHandler<ContactCreatedEvent>, CrmSyncHandler<ContactCreatedEvent, ContactData>>();
        services.AddSingleton<IEventHandler<ContactUpdatedEvent>, CrmSyncHandler<ContactUpdatedEvent, ContactData>>();
        services.AddSingleton<IEventHandler<StageChangedEvent>, StageChangedHandler>();
    }
}
