using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace VambeFunctions.Benchmarks.EndToEnd;

/// <summary>One message's delivery: its queue, whether the function succeeded, and its storage requests.</summary>
public sealed record Delivery(string Queue, bool Succeeded, IReadOnlyDictionary<RequestKey, int> Requests);

/// <summary>The deliveries of a drain phase, and the first few errors.</summary>
public sealed class DeliveryLog
{
    private const int MaxErrors = 5;

    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyCollection<Delivery> Deliveries => _deliveries;

    public IReadOnlyCollection<string> Errors => _errors;

    public void Add(Delivery delivery) => _deliveries.Enqueue(delivery);

    public void AddError(string queue, Exception exception)
    {
        if (_errors.Count < MaxErrors)
        {
            _errors.Enqueue($"{queue}: {exception.GetType().Name}: {exception.Message}");
        }
    }
}

/// <summary>
/// Delivers a queue's messages to a function the way the Functions host's queue trigger does:
/// it receives up to batchSize messages at a time, runs them concurrently and receives the next
/// batch once no more than newBatchThreshold are still running. A message is deleted after the
/// function returns. After it throws, the message is made visible again, or deleted once its
/// dequeue count reaches maxDequeueCount, where the host would move it to the poison queue.
/// </summary>
public sealed class QueuePump(QueueClient queue, Func<QueueMessage, CancellationToken, Task> function, HostSettings host,
    StorageRequestCounter counter, DeliveryLog log)
{
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Delivers messages until a receive finds the queue empty with none running, or until the deadline.</summary>
    /// <returns>How many deliveries ran.</returns>
    public async Task<int> RunAsync(DateTime deadline)
    {
        var running = new List<Task>();
        var deliveries = 0;
        while (DateTime.UtcNow < deadline)
        {
            if (running.Count > host.NewBatchThreshold)
            {
                await WaitForOneAsync(running);
                continue;
            }

            QueueMessage[] batch = (await queue.ReceiveMessagesAsync(host.BatchSize, VisibilityTimeout)).Value;
            if (batch.Length == 0)
            {
                if (running.Count == 0)
                {
                    break;
                }

                await WaitForOneAsync(running);
                continue;
            }

            deliveries += batch.Length;
            running.AddRange(batch.Select(DeliverAsync));
        }

        await Task.WhenAll(running);
        return deliveries;
    }

    private static async Task WaitForOneAsync(List<Task> running)
    {
        await Task.WhenAny(running);
        running.RemoveAll(task => task.IsCompleted);
    }

    private async Task DeliverAsync(QueueMessage message)
    {
        var tally = new RequestTally();
        var succeeded = true;
        using (counter.Track(tally))
        {
            try
            {
                await function(message, CancellationToken.None);
            }
            catch (Exception e)
            {
                succeeded = false;
                log.AddError(queue.Name, e);
            }

            try
            {
                if (succeeded || message.DequeueCount >= host.MaxDequeueCount)
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
                else
                {
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
                }
            }
            catch (Exception e) when (e is RequestFailedException or AggregateException or OperationCanceledException)
            {
                succeeded = false;
                log.AddError(queue.Name, e);
            }
        }

        log.Add(new Delivery(queue.Name, succeeded, tally.Counts));
    }
}
