using System.CommandLine;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using VambeFunctions.Cli.Infrastructure;
using VambeFunctions.Storage;

namespace VambeFunctions.Cli.Storage;

/// <summary>The storage clients a command uses, and where their settings came from.</summary>
/// <param name="Queues">Encodes messages as base64, the encoding that host.json sets for the queue trigger.</param>
public sealed record StorageClients(QueueServiceClient Queues, BlobServiceClient Blobs, TableServiceClient Tables, string Source);

/// <summary>
/// The <c>--account</c> and <c>--connection-string</c> options, and the order in which the
/// storage account is chosen: <c>--connection-string</c>, <c>--account</c> (the signed-in
/// identity), the <c>VAMBE_STORAGE_CONNECTION_STRING</c> variable, <c>AzureWebJobsStorage</c>
/// in local.settings.json (current folder, then the repository root), the <c>AzureWebJobsStorage</c>
/// variable, and last Azurite's <c>UseDevelopmentStorage=true</c>.
/// </summary>
public sealed class StorageSelection
{
    private const string LocalSettingsFile = "local.settings.json";
    private const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public Option<string?> Account { get; } = new("--account")
    {
        Description = "Azure storage account name, reached with the signed-in identity (az login, environment or managed identity).",
        HelpName = "NAME",
        Recursive = true,
    };

    public Option<string?> ConnectionString { get; } = new("--connection-string")
    {
        Description = $"Storage connection string. Prefer the {CliEnvironment.StorageConnectionStringVariable} variable, which stays out of the shell history.",
        HelpName = "CONNECTION_STRING",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Add(Account);
        command.Add(ConnectionString);
    }

    /// <summary>Creates the clients from the first source that is set, and writes that source to the error writer.</summary>
    public StorageClients Connect(ParseResult parseResult, CliEnvironment environment, TextWriter log)
    {
        var (settings, source) = Resolve(parseResult.GetValue(ConnectionString), parseResult.GetValue(Account), environment);
        StorageClients clients;
        try
        {
            var connection = new StorageConnection(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            clients = new StorageClients(
                connection.CreateQueueServiceClient(WithRetries(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })),
                connection.CreateBlobServiceClient(WithRetries(new BlobClientOptions())),
                connection.CreateTableServiceClient(WithRetries(new TableClientOptions())),
                source);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            throw new CliException(ExitCodes.Configuration, $"The storage settings from {source} are invalid: {CommandActions.FirstLine(e.Message)}");
        }

        log.WriteLine($"Storage: {clients.Blobs.AccountName} ({source})");
        return clients;
    }

    /// <summary>Returns the settings that <see cref="StorageConnection"/> reads, and a description of their source.</summary>
    public static (Dictionary<string, string?> Settings, string Source) Resolve(string? connectionString, string? account,
        CliEnvironment environment)
    {
        if (connectionString is { Length: > 0 } && account is { Length: > 0 })
        {
            throw new CliException(ExitCodes.Failed, "Give either --account or --connection-string, not both.");
        }

        if (connectionString is { Length: > 0 })
        {
            return (ConnectionStringSettings(connectionString), "--connection-string");
        }

        if (account is { Length: > 0 })
        {
            return (new() { [$"{StorageConnection.Name}:accountName"] = account }, "--account, signed-in identity");
        }

        if (environment.Get(CliEnvironment.StorageConnectionStringVariable) is { } fromVariable)
        {
            return (ConnectionStringSettings(fromVariable), CliEnvironment.StorageConnectionStringVariable);
        }

        if (FindLocalSettings(environment.WorkingDirectory) is { } path && ReadLocalSettings(path) is { } local)
        {
            return (local, path);
        }

        return environment.Get(StorageConnection.Name) is { } fromHostVariable
            ? (ConnectionStringSettings(fromHostVariable), $"{StorageConnection.Name} variable")
            : (ConnectionStringSettings(DevelopmentStorage), $"default {DevelopmentStorage}");
    }

    private static Dictionary<string, string?> ConnectionStringSettings(string connectionString) =>
        new() { [StorageConnection.Name] = connectionString };

    private static string? FindLocalSettings(string workingDirectory)
    {
        var inWorkingDirectory = Path.Combine(workingDirectory, LocalSettingsFile);
        if (File.Exists(inWorkingDirectory))
        {
            return inWorkingDirectory;
        }

        for (var directory = new DirectoryInfo(workingDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VambeFunctions.sln")))
            {
                var atRoot = Path.Combine(directory.FullName, LocalSettingsFile);
                return File.Exists(atRoot) ? atRoot : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads the storage settings from the file's <c>Values</c>, which the Functions host turns
    /// into environment variables: <c>AzureWebJobsStorage</c> and any identity-based
    /// <c>AzureWebJobsStorage__*</c>. Returns null when the file sets none of them.
    /// </summary>
    private static Dictionary<string, string?>? ReadLocalSettings(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var settings = values.EnumerateObject()
                .Where(setting => setting.Value.ValueKind == JsonValueKind.String && setting.Value.GetString() is { Length: > 0 })
                .Where(setting => setting.Name == StorageConnection.Name || setting.Name.StartsWith(StorageConnection.Name + "__", StringComparison.Ordinal))
                .ToDictionary(setting => setting.Name.Replace("__", ":"), setting => setting.Value.GetString());
            return settings.Count > 0 ? settings : null;
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Configuration, $"{path} is not valid JSON: {e.Message}");
        }
    }

    /// <summary>Two retries with exponential backoff from 0.5 s, so that an unreachable endpoint fails within seconds.</summary>
    private static T WithRetries<T>(T options)
        where T : ClientOptions
    {
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }
}
