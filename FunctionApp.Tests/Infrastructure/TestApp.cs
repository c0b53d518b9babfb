using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VambeFunctions.Extensions;

namespace VambeFunctions.Tests.Infrastructure;

/// <summary>
/// The app's service container as Program.cs builds it, aimed at Azurite, with settings and
/// services that a test can override. Every log line it writes is captured.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string Secret = "test-secret-0b1c";

    private readonly ServiceProvider _services;

    public TestApp(AzuriteFixture azurite, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
        : this(azurite.ConnectionString, settings, configureServices)
    {
    }

    public TestApp(string storageConnectionString, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["Ingest:Secrets"] = Secret,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        Configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddApplicationServices(Configuration);
        configureServices?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public IConfiguration Configuration { get; }

    public CapturedLogs Logs { get; } = new();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Creates a function class with its dependencies, as the worker does per invocation.</summary>
    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    /// <summary>Runs the start-up validation of every options class, as the host does at boot.</summary>
    public Task StartAsync() => _services.GetRequiredService<Microsoft.Extensions.Options.IAsyncStartupValidator>().ValidateAsync();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
