using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using VambeFunctions.Telemetry;

namespace VambeFunctions.Tests.Infrastructure;

/// <summary>Builds the app's telemetry for classes that a test constructs by hand.</summary>
public static class TestTelemetry
{
    public static AppTelemetry Create() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
