using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using VambeFunctions.Storage;

namespace VambeFunctions.Tests.Infrastructure;

/// <summary>
/// Delivers queue messages to a function the way the Functions host's queue trigger does:
/// a message is deleted after the function returns; after it throws, the message is delivered
/// again, and once its dequeue count reaches maxDequeueCount from host.json it moves to the
/// queue's poison queue. The host waits visibilityTimeout between attempts; this runs them at once.
/// </summary>
public sealed class QueueHost(QueueServiceClient queues)
{
    public static int MaxDequeueCount { get; } = ReadMaxDequeueCount();

    /// <summary>Delivers messages until the queue is empty, and returns how many deliveries ran.</summary>
    public async Task<int> DrainAsync(string queueName, Func<QueueMessage, CancellationToken, Task> function,
        int maxDeliveries = 100)
    {
        var queue = queues.GetQueueClient(queueName);
        await queue.CreateIfNotExistsAsync();
        var deliveries = 0;
        while (deliveries < maxDeliveries)
        {
            QueueMessage? message = (await queue.ReceiveMessageAsync(TimeSpan.FromMinutes(1))).Value;
            if (message is null)
            {
                return deliveries;
            }

            deliveries++;
            await DeliverAsync(queue, message, function);
        }

        throw new InvalidOperationException($"Queue {queueName} still had messages after {maxDeliveries} deliveries.");
    }

    private async Task DeliverAsync(QueueClient queue, QueueMessage message, Func<QueueMessage, CancellationToken, Task> function)
    {
        try
        {
            await function(message, CancellationToken.None);
        }
        catch (Exception) when (message.DequeueCount < MaxDequeueCount)
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            return;
        }
        catch (Exception)
        {
            var poison = queues.GetQueueClient(queue.Name + QueueNames.PoisonSuffix);
            await poison.CreateIfNotExistsAsync();
            await poison.SendMessageAsync(message.Body);
        }

        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
    }

    private static int ReadMaxDequeueCount()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.HostJson));
        return hostJson.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32();
    }
}
