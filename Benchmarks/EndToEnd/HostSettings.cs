using System.Text.Json;

namespace VambeFunctions.Benchmarks.EndToEnd;

/// <summary>The queue trigger settings of host.json, which the build copies next to the program.</summary>
public sealed record HostSettings(int BatchSize, int NewBatchThreshold, int MaxDequeueCount)
{
    /// <exception cref="FileNotFoundException">host.json is not next to the program.</exception>
    public static HostSettings Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "host.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var queues = document.RootElement.GetProperty("extensions").GetProperty("queues");
        return new HostSettings(
            queues.GetProperty("batchSize").GetInt32(),
            queues.GetProperty("newBatchThreshold").GetInt32(),
            queues.GetProperty("maxDequeueCount").GetInt32());
    }
}
