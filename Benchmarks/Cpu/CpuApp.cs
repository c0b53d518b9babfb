using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VambeFunctions.Events.Models;
using VambeFunctions.Ingest;
using VambeFunctions.Processing;
using AppServices = VambeFunctions.Extensions.ServiceCollectionExtensions;

namespace VambeFunctions.Benchmarks.Cpu;

/// <summary>
/// The app's service container as Program.cs builds it, with every storage client served by
/// <see cref="InMemoryStorageHandler"/>, no log provider and a handler that does nothing for
/// the topics the CPU benchmarks process.
/// </summary>
public static class CpuApp
{
    public const string Secret = "benchmark-secret-5a7d";

    /// <summary>Names Azurite's default endpoints, which nothing connects to, because the in-memory transport serves every request.</summary>
    private const string ConnectionString = "UseDevelopmentStorage=true";

    public static ServiceProvider Build(InMemoryStorageHandler storage)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = ConnectionString,
            ["Ingest:Secrets"] = Secret,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        AppServices.AddApplicationServices(services, configuration);

        var transport = new HttpClientTransport(storage);
        services.Replace(ServiceDescriptor.Singleton(new IngestStorageClients(
            new QueueServiceClient(ConnectionString, WithTransport(AppServices.IngestQueueOptions(), transport)),
            new BlobServiceClient(ConnectionString, WithTransport(AppServices.IngestBlobOptions(), transport)))));
        services.Replace(ServiceDescriptor.Singleton(new TableServiceClient(ConnectionString, WithTransport(new TableClientOptions(), transport))));
        services.Replace(ServiceDescriptor.Singleton(new BlobServiceClient(ConnectionString, WithTransport(new BlobClientOptions(), transport))));
        services.Replace(ServiceDescriptor.Singleton<IEventHandler<MessageReceivedEvent>, NoOpHandler<MessageReceivedEvent>>());
        services.Replace(ServiceDescriptor.Singleton<IEventHandler<TicketUpdatedEvent>, NoOpHandler<TicketUpdatedEvent>>());
        return services.BuildServiceProvider();
    }

    private static T WithTransport<T>(T options, HttpPipelineTransport transport)
        where T : ClientOptions
    {
        options.Transport = transport;
        return options;
    }
}

/// <summary>A handler that returns at once, so a benchmark measures the work around it.</summary>
public sealed class NoOpHandler<TEvent> : IEventHandler<TEvent>
    where TEvent : VambeEvent
{
    public Task HandleAsync(TEvent @event, EventContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
