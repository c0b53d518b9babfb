using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace VambeFunctions.Storage;

/// <summary>
/// Builds the app's storage clients from the same setting the Functions host uses: either a
/// connection string in <c>AzureWebJobsStorage</c> (Azurite locally), or identity-based settings
/// <c>AzureWebJobsStorage__queueServiceUri</c>, <c>__tableServiceUri</c> and
/// <c>__blobServiceUri</c> with a managed identity (<c>__credential</c> = <c>managedidentity</c>
/// and an optional <c>__clientId</c>).
/// </summary>
public sealed class StorageConnection
{
    public const string Name = "AzureWebJobsStorage";

    private readonly string? _connectionString;
    private readonly IConfigurationSection _section;
    private readonly TokenCredential? _credential;

    public StorageConnection(IConfiguration configuration)
    {
        _connectionString = configuration[Name];
        _section = configuration.GetSection(Name);
        if (string.IsNullOrWhiteSpace(_connectionString))
        {
            _credential = CreateCredential(_section);
        }
    }

    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions options) =>
        _credential is null
            ? new QueueServiceClient(_connectionString, options)
            : new QueueServiceClient(ServiceUri("queue"), _credential, options);

    public TableServiceClient CreateTableServiceClient(TableClientOptions options) =>
        _credential is null
            ? new TableServiceClient(_connectionString, options)
            : new TableServiceClient(ServiceUri("table"), _credential, options);

    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions options) =>
        _credential is null
            ? new BlobServiceClient(_connectionString, options)
            : new BlobServiceClient(ServiceUri("blob"), _credential, options);

    private Uri ServiceUri(string service)
    {
        if (_section[$"{service}ServiceUri"] is { Length: > 0 } uri)
        {
            return new Uri(uri);
        }

        return _section["accountName"] is { Length: > 0 } account
            ? new Uri($"https://{account}.{service}.core.windows.net")
            : throw new InvalidOperationException(
                $"Storage is not configured: set {Name} to a connection string, or set {Name}__{service}ServiceUri "
                + $"(or {Name}__accountName) for identity-based access.");
    }

    private static TokenCredential CreateCredential(IConfigurationSection section)
    {
        if (!string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return new DefaultAzureCredential();
        }

        return section["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
