using System.Text.Json;
using VambeFunctions.Functions;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Build;

/// <summary>
/// Checks the functions.metadata that the worker SDK generates at build time, which is what the
/// Functions host reads to bind triggers. The suite runs without the host, so this is the
/// only check that the host would see every function with the right trigger.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Dictionary<string, JsonElement> Functions = ReadMetadata();

    public static TheoryData<string, string> TopicQueues => new()
    {
        { "MessageReceived", QueueNames.MessageReceived },
        { "MessageSent", QueueNames.MessageSent },
        { "TicketCreated", QueueNames.TicketCreated },
        { "TicketUpdated", QueueNames.TicketUpdated },
        { "TicketClosed", QueueNames.TicketClosed },
        { "ContactCreated", QueueNames.ContactCreated },
        { "ContactUpdated", QueueNames.ContactUpdated },
        { "StageChanged", QueueNames.StageChanged },
        { "UnknownTopic", QueueNames.UnknownTopic },
    };

    [Fact]
    public void IngestWebhook_IsPostWithFunctionKeyOnItsRoute()
    {
        var trigger = SingleTrigger("IngestWebhook");

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("function", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
        Assert.Equal(IngestWebhookFunction.Route, trigger.GetProperty("route").GetString());
        Assert.Equal(["post"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
    }

    [Fact]
    public void Health_IsAnonymousGet()
    {
        var trigger = SingleTrigger("Health");

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
        Assert.Equal(HealthFunction.Route, trigger.GetProperty("route").GetString());
        Assert.Equal(["get"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
    }

    [Theory]
    [MemberData(nameof(TopicQueues))]
    public void TopicFunction_ReadsItsQueue(string function, string queue) =>
        AssertQueueTrigger(function, queue);

    [Theory]
    [MemberData(nameof(TopicQueues))]
    public void DeadLetterFunction_ReadsPoisonQueue(string function, string queue) =>
        AssertQueueTrigger(function + "DeadLetter", queue + QueueNames.PoisonSuffix);

    [Fact]
    public void EveryQueue_HasExactlyOneFunction()
    {
        var queues = Functions.Values
            .SelectMany(function => function.GetProperty("bindings").EnumerateArray())
            .Where(binding => binding.GetProperty("type").GetString() == "queueTrigger")
            .Select(binding => binding.GetProperty("queueName").GetString()!)
            .Order();

        Assert.Equal(QueueNames.All.Concat(QueueNames.Poison).Order(), queues);
    }

    [Fact]
    public void RetentionCleanup_RunsOnItsSchedule()
    {
        var trigger = SingleTrigger("RetentionCleanup");

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(RetentionCleanupFunction.Schedule, trigger.GetProperty("schedule").GetString());
    }

    [Fact]
    public void HostJson_IsInBuildOutput()
    {
        Assert.Equal(File.ReadAllText(RepositoryFiles.HostJson),
            File.ReadAllText(Path.Combine(RepositoryFiles.FunctionAppOutput, "host.json")));
    }

    private static void AssertQueueTrigger(string function, string queue)
    {
        var trigger = SingleTrigger(function);

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(queue, trigger.GetProperty("queueName").GetString());
        Assert.Equal(StorageConnection.Name, trigger.GetProperty("connection").GetString());
    }

    private static JsonElement SingleTrigger(string function)
    {
        Assert.True(Functions.ContainsKey(function), $"functions.metadata has no function {function}");
        return Assert.Single(Functions[function].GetProperty("bindings").EnumerateArray(),
            binding => binding.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
    }

    private static Dictionary<string, JsonElement> ReadMetadata()
    {
        var path = Path.Combine(RepositoryFiles.FunctionAppOutput, "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray()
            .ToDictionary(function => function.GetProperty("name").GetString()!, function => function.Clone());
    }
}
