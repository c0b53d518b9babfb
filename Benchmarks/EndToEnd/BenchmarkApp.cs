using System.Text;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VambeFunctions.Functions;
using VambeFunctions.Ingest;
using VambeFunctions.Storage;
using AppServices = VambeFunctions.Extensions.ServiceCollectionExtensions;

namespace VambeFunctions.Benchmarks.EndToEnd;

/// <summary>
/// The app's service container as Program.cs builds it, aimed at Azurite, with every handler's
/// Vambe, chat and CRM calls going to the loopback fake, and every storage client built with
/// the counting policy. It has no log provider, so log calls cost only their level check.
/// </summary>
public sealed class BenchmarkApp : IAsyncDisposable
{
    public const string Secret = "benchmark-secret-5a7d";

    private readonly ServiceProvider _services;

    public BenchmarkApp(string connectionString, string fakeUrl, StorageRequestCounter counter)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(connectionString, fakeUrl)).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        AppServices.AddApplicationServices(services, configuration);
        services.Replace(ServiceDescriptor.Singleton(new IngestStorageClients(
            new QueueServiceClient(connectionString, Counted(AppServices.IngestQueueOptions(), counter, StorageService.Queue)),
            new BlobServiceClient(connectionString, Counted(AppServices.IngestBlobOptions(), counter, StorageService.Blob)))));
        services.Replace(ServiceDescriptor.Singleton(
            new TableServiceClient(connectionString, Counted(VambeFunctions.Extensions.ServiceCollectionExtensions.WithProcessingRetry(new TableClientOptions()), counter, StorageService.Table))));
        services.Replace(ServiceDescriptor.Singleton(
            new BlobServiceClient(connectionString, Counted(VambeFunctions.Extensions.ServiceCollectionExtensions.WithProcessingRetry(new BlobClientOptions()), counter, StorageService.Blob))));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Functions = CreateFunctions();
    }

    public IngestService Ingest => _services.GetRequiredService<IngestService>();

    /// <summary>The function that the host binds to each topic queue.</summary>
    public IReadOnlyDictionary<string, Func<QueueMessage, CancellationToken, Task>> Functions { get; }

    /// <summary>Adds the counting policy to a client's options.</summary>
    public static T Counted<T>(T options, StorageRequestCounter counter, StorageService service)
        where T : ClientOptions
    {
        options.AddPolicy(counter.CreatePolicy(service), HttpPipelinePosition.PerRetry);
        return options;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>Creates a function class per invocation, as the worker does.</summary>
    private Dictionary<string, Func<QueueMessage, CancellationToken, Task>> CreateFunctions() => new()
    {
        [QueueNames.MessageReceived] = (message, token) => Create<MessageReceivedFunction>().MessageReceived(message, token),
        [QueueNames.MessageSent] = (message, token) => Create<MessageSentFunction>().MessageSent(message, token),
        [QueueNames.TicketCreated] = (message, token) => Create<TicketCreatedFunction>().TicketCreated(message, token),
        [QueueNames.TicketUpdated] = (message, token) => Create<TicketUpdatedFunction>().TicketUpdated(message, token),
        [QueueNames.TicketClosed] = (message, token) => Create<TicketClosedFunction>().TicketClosed(message, token),
        [QueueNames.ContactCreated] = (message, token) => Create<ContactCreatedFunction>().ContactCreated(message, token),
        [QueueNames.ContactUpdated] = (message, token) => Create<ContactUpdatedFunction>().ContactUpdated(message, token),
        [QueueNames.StageChanged] = (message, token) => Create<StageChangedFunction>().StageChanged(message, token),
        [QueueNames.UnknownTopic] = (message, token) => Create<UnknownTopicFunction>().UnknownTopic(message, token),
    };

    private T Create<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    /// <summary>
    /// Rules that make message events tag, assign and alert, a default team member, a qualified
    /// stage that alerts, and CRM sync, all against the fake.
    /// </summary>
    private static Dictionary<string, string?> Settings(string connectionString, string fakeUrl) => new()
    {
        ["AzureWebJobsStorage"] = connectionString,
        ["Ingest:Secrets"] = Secret,
        ["Vambe:BaseUrl"] = fakeUrl + "/vambe",
        ["Vambe:ApiKey"] = "benchmark-api-key",
        ["Alerts:WebhookUrl"] = fakeUrl + "/chat/hook",
        ["Crm:Url"] = fakeUrl + "/crm/events",
        ["Crm:SigningSecret"] = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("benchmark-crm-signing-key")),
        ["Routing:Rules:0:Name"] = "urgent",
        ["Routing:Rules:0:Keywords:0"] = "urgente",
        ["Routing:Rules:0:Tags:0"] = "urgent",
        ["Routing:Rules:0:Alert"] = "true",
        ["Routing:Rules:1:Name"] = "billing",
        ["Routing:Rules:1:Keywords:0"] = "pago",
        ["Routing:Rules:1:Tags:0"] = "billing",
        ["Routing:Rules:1:TeamMemberId"] = "member-billing",
        ["Routing:Rules:2:Name"] = "support",
        ["Routing:Rules:2:Keywords:0"] = "no funciona",
        ["Routing:Rules:2:TeamMemberId"] = "member-support",
        ["Routing:DefaultTeamMemberId"] = "member-default",
        ["Funnel:QualifiedStages"] = SampleEvents.QualifiedStage,
    };
}
