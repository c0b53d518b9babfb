using VambeFunctions.Cli.Infrastructure;
using VambeFunctions.Cli.Storage;

namespace VambeFunctions.Tests.Cli;

/// <summary>The order in which the storage account is chosen.</summary>
public sealed class StorageSelectionTests : IDisposable
{
    private const string LocalConnection = "UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://127.0.0.1";
    private readonly Dictionary<string, string?> _variables = [];
    private readonly DirectoryInfo _repository = Directory.CreateTempSubdirectory("vambe-repo-");

    public StorageSelectionTests()
    {
        File.WriteAllText(Path.Combine(_repository.FullName, "VambeFunctions.sln"), "");
        File.WriteAllText(Path.Combine(_repository.FullName, "local.settings.json"),
            $$$"""{"Values":{"AzureWebJobsStorage":"{{{LocalConnection}}}","FUNCTIONS_WORKER_RUNTIME":"dotnet-isolated"}}""");
        Directory.CreateDirectory(Path.Combine(_repository.FullName, "FunctionApp"));
    }

    [Fact]
    public void ConnectionStringOption_WinsOverEverything()
    {
        _variables["VAMBE_STORAGE_CONNECTION_STRING"] = "from-variable";

        var (settings, source) = Resolve(connectionString: "from-option", account: null, "FunctionApp");

        Assert.Equal("from-option", settings["AzureWebJobsStorage"]);
        Assert.Equal("--connection-string", source);
    }

    [Fact]
    public void Account_UsesIdentitySettings()
    {
        _variables["VAMBE_STORAGE_CONNECTION_STRING"] = "from-variable";

        var (settings, _) = Resolve(connectionString: null, account: "vambeprod", "FunctionApp");

        Assert.Equal("vambeprod", settings["AzureWebJobsStorage:accountName"]);
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"));
    }

    [Fact]
    public void Variable_WinsOverLocalSettings()
    {
        _variables["VAMBE_STORAGE_CONNECTION_STRING"] = "from-variable";

        var (settings, source) = Resolve(null, null, "FunctionApp");

        Assert.Equal("from-variable", settings["AzureWebJobsStorage"]);
        Assert.Equal("VAMBE_STORAGE_CONNECTION_STRING", source);
    }

    [Fact]
    public void LocalSettingsAtRoot_FoundFromSubfolder()
    {
        _variables["AzureWebJobsStorage"] = "host-variable";

        var (settings, source) = Resolve(null, null, "FunctionApp");

        Assert.Equal(LocalConnection, settings["AzureWebJobsStorage"]);
        Assert.Equal(Path.Combine(_repository.FullName, "local.settings.json"), source);
    }

    [Fact]
    public void LocalSettingsIdentityKeys_AreMapped()
    {
        File.WriteAllText(Path.Combine(_repository.FullName, "FunctionApp", "local.settings.json"),
            """{"Values":{"AzureWebJobsStorage":"","AzureWebJobsStorage__accountName":"vambedev"}}""");

        var (settings, _) = Resolve(null, null, "FunctionApp");

        Assert.Equal("vambedev", settings["AzureWebJobsStorage:accountName"]);
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"));
    }

    [Fact]
    public void HostVariable_ThenDevelopmentStorage()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_repository.FullName, "..", _repository.Name + "-outside")).FullName;
        _variables["AzureWebJobsStorage"] = "host-variable";

        var (fromVariable, _) = StorageSelection.Resolve(null, null, Environment(outside));
        _variables.Clear();
        var (fallback, source) = StorageSelection.Resolve(null, null, Environment(outside));

        Assert.Equal("host-variable", fromVariable["AzureWebJobsStorage"]);
        Assert.Equal("UseDevelopmentStorage=true", fallback["AzureWebJobsStorage"]);
        Assert.Equal("default UseDevelopmentStorage=true", source);
    }

    [Fact]
    public void InvalidLocalSettings_IsConfigurationError()
    {
        File.WriteAllText(Path.Combine(_repository.FullName, "local.settings.json"), "{ not json");

        var error = Assert.Throws<CliException>(() => Resolve(null, null, ""));

        Assert.Equal(ExitCodes.Configuration, error.ExitCode);
        Assert.Contains("is not valid JSON", error.Message);
    }

    public void Dispose()
    {
        _repository.Delete(recursive: true);
        var outside = Path.Combine(_repository.Parent!.FullName, _repository.Name + "-outside");
        if (Directory.Exists(outside))
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    private (Dictionary<string, string?> Settings, string Source) Resolve(string? connectionString, string? account, string folder) =>
        StorageSelection.Resolve(connectionString, account, Environment(Path.Combine(_repository.FullName, folder)));

    private CliEnvironment Environment(string workingDirectory) =>
        new(name => _variables.GetValueOrDefault(name), workingDirectory, TimeProvider.System);
}
