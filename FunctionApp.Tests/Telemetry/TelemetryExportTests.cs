using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using VambeFunctions.Telemetry;

namespace VambeFunctions.Tests.Telemetry;

public sealed class TelemetryExportTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/")]
    public void Export_BuildsTracerAndMeterProviders(string? connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TelemetryExportExtensions.ConnectionStringSetting] = connectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddTelemetryExport(configuration);

        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetService<TracerProvider>());
        Assert.NotNull(provider.GetService<MeterProvider>());
    }

    [Theory]
    [InlineData("ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD", true)]
    [InlineData("Authorization=AAD", true)]
    [InlineData("", false)]
    [InlineData("Authorization=Key", false)]
    public void AuthenticationString_SelectsManagedIdentity(string setting, bool managedIdentity)
    {
        var credential = TelemetryExportExtensions.CreateCredential(setting);

        Assert.Equal(managedIdentity, credential is ManagedIdentityCredential);
    }
}
