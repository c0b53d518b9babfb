using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using VambeFunctions.Ingest;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Build;

public sealed class StartupTests
{
    private const string Azurite = "UseDevelopmentStorage=true";

    [Fact]
    public async Task NoSecret_FailsStartupWithSettingName()
    {
        await using var app = new TestApp(Azurite, new Dictionary<string, string?> { ["Ingest:Secrets"] = "" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(app.StartAsync);

        Assert.Contains("Ingest:Secrets", error.Message);
    }

    [Fact]
    public async Task NoSecretWithAuthenticationDisabled_Starts()
    {
        await using var app = new TestApp(Azurite, new Dictionary<string, string?>
        {
            ["Ingest:Secrets"] = "",
            ["Ingest:AuthenticationDisabled"] = "true",
        });

        await app.StartAsync();

        var result = app.Get<IWebhookAuthenticator>().Authenticate(Requests.Json("{}", secret: null), []);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task OutOfRangeSetting_FailsStartup()
    {
        await using var app = new TestApp(Azurite, new Dictionary<string, string?> { ["Processing:ClaimLeaseSeconds"] = "1" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(app.StartAsync);

        Assert.Contains("ClaimLeaseSeconds", error.Message);
    }

    [Fact]
    public async Task RotatedSecrets_AreAllAccepted()
    {
        await using var app = new TestApp(Azurite, new Dictionary<string, string?> { ["Ingest:Secrets"] = "old-secret, new-secret" });
        var authenticator = app.Get<IWebhookAuthenticator>();

        Assert.True(authenticator.Authenticate(Requests.Json("{}", secret: "old-secret"), []).Succeeded);
        Assert.True(authenticator.Authenticate(Requests.Json("{}", secret: "new-secret"), []).Succeeded);
        Assert.False(authenticator.Authenticate(Requests.Json("{}", secret: "old-secret, new-secret"), []).Succeeded);
    }

    [Fact]
    public void ConnectionString_AimsClientsAtItsEndpoints()
    {
        var connection = new StorageConnection(Configuration(new() { ["AzureWebJobsStorage"] = Azurite }));

        Assert.Equal("http://127.0.0.1:10001/devstoreaccount1",
            connection.CreateQueueServiceClient(new QueueClientOptions()).Uri.ToString().TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1",
            connection.CreateTableServiceClient(new TableClientOptions()).Uri.ToString().TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1",
            connection.CreateBlobServiceClient(new BlobClientOptions()).Uri.ToString().TrimEnd('/'));
    }

    [Fact]
    public void IdentitySettings_AimClientsAtServiceUris()
    {
        var connection = new StorageConnection(Configuration(new()
        {
            ["AzureWebJobsStorage:queueServiceUri"] = "https://stvambe.queue.core.windows.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://stvambe.table.core.windows.net",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://stvambe.blob.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        }));

        Assert.Equal("https://stvambe.queue.core.windows.net/", connection.CreateQueueServiceClient(new QueueClientOptions()).Uri.ToString());
        Assert.Equal("https://stvambe.table.core.windows.net/", connection.CreateTableServiceClient(new TableClientOptions()).Uri.ToString());
        Assert.Equal("https://stvambe.blob.core.windows.net/", connection.CreateBlobServiceClient(new BlobClientOptions()).Uri.ToString());
    }

    [Fact]
    public void AccountName_AimsClientsAtPublicEndpoints()
    {
        var connection = new StorageConnection(Configuration(new() { ["AzureWebJobsStorage:accountName"] = "stvambe" }));

        Assert.Equal("https://stvambe.queue.core.windows.net/", connection.CreateQueueServiceClient(new QueueClientOptions()).Uri.ToString());
    }

    [Fact]
    public void NoStorageSetting_FailsWithSettingNames()
    {
        var connection = new StorageConnection(Configuration(new()));

        var error = Assert.Throws<InvalidOperationException>(() => connection.CreateQueueServiceClient(new QueueClientOptions()));

        Assert.Contains("AzureWebJobsStorage__queueServiceUri", error.Message);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
