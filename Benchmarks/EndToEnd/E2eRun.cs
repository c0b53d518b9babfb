using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using VambeFunctions.Events;
using VambeFunctions.Ingest;
using VambeFunctions.Storage;
using AppServices = VambeFunctions.Extensions.ServiceCollectionExtensions;

namespace VambeFunctions.Benchmarks.EndToEnd;

/// <summary>One phase: how many items it finished, how long it took, and what it cost.</summary>
public sealed record PhaseResult(string Name, int Items, int Failed, bool Finished, TimeSpan Elapsed, LoadResult? Load,
    IReadOnlyDictionary<RequestKey, long> Requests, IReadOnlyDictionary<string, long> Outbound, long AllocatedBytes)
{
    public double PerSecond => Items / Elapsed.TotalSeconds;

    /// <summary>Adds a round to the rounds before it.</summary>
    public static PhaseResult Combine(PhaseResult? earlier, PhaseResult round)
    {
        if (earlier is null)
        {
            return round;
        }

        var load = earlier.Load is { } first && round.Load is { } second
            ? new LoadResult(first.Completed + second.Completed, first.Failed + second.Failed, first.Elapsed + second.Elapsed,
                [.. first.SortedLatenciesMs.Concat(second.SortedLatenciesMs).Order()])
            : earlier.Load ?? round.Load;
        return new PhaseResult(round.Name, earlier.Items + round.Items, earlier.Failed + round.Failed, earlier.Finished && round.Finished,
            earlier.Elapsed + round.Elapsed, load, Add(earlier.Requests, round.Requests), Add(earlier.Outbound, round.Outbound),
            earlier.AllocatedBytes + round.AllocatedBytes);
    }

    private static Dictionary<TKey, long> Add<TKey>(IReadOnlyDictionary<TKey, long> first, IReadOnlyDictionary<TKey, long> second)
        where TKey : notnull =>
        first.Concat(second).GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Sum(pair => pair.Value));
}

public sealed record E2eResults(E2eOptions Options, HostSettings Host, int Duplicates, PhaseResult RawEnqueue,
    PhaseResult Ingest, PhaseResult RawDrain, PhaseResult Drain, DeliveryLog Deliveries, long PeakWorkingSetBytes);

/// <summary>
/// The phases of the end-to-end benchmark, in order: warm-up (not measured), then in each round
/// plain enqueue, plain receive, delete and insert, ingest, and processing through the function
/// classes. A phase stops when its rounds together reach the phase timeout, and the run stops there.
/// </summary>
public sealed class E2eRun(E2eOptions options, string connectionString, BenchmarkApp app, StorageRequestCounter counter,
    LoopbackFake fake)
{
    private const string SecretHeaderName = "x-webhook-secret";

    private readonly HostSettings _host = HostSettings.Load();

    // The plain sends use the options of the ingest queue client, with its short timeouts and retries.
    private readonly QueueServiceClient _sendQueues =
        new(connectionString, BenchmarkApp.Counted(AppServices.IngestQueueOptions(), counter, StorageService.Queue));

    // Receives and deletes use the SDK's default timeouts and retries, with base64 messages as the host's trigger decodes them.
    private readonly QueueServiceClient _queues = new(connectionString,
        BenchmarkApp.Counted(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, counter, StorageService.Queue));

    private readonly TableClient _rawTable =
        new TableServiceClient(connectionString, BenchmarkApp.Counted(new TableClientOptions(), counter, StorageService.Table))
            .GetTableClient(StorageAccess.RawTable);

    public async Task<E2eResults> ExecuteAsync()
    {
        var plan = EventPlan.Create(options.Events, options.DuplicateShare, options.BodyBytes);
        var receivedAt = DateTimeOffset.UtcNow;
        var rawMessages = plan.Select((send, index) => new EventEnvelope($"raw:{index}", send.Topic, receivedAt, send.Body).Serialize())
            .ToArray();

        await WarmUpAsync();
        var deliveries = new DeliveryLog();
        PhaseResult? rawEnqueue = null, rawDrain = null, ingest = null, drain = null;

        // Azurite's receive scans every message it holds, so the events go in rounds. Each round
        // sends and drains its own messages, the baseline's first, and the phases add up.
        for (var first = 0; first < plan.Count; first += options.RoundSize)
        {
            var start = first;
            var count = Math.Min(options.RoundSize, plan.Count - start);
            var rawSent = await MeasureAsync("raw enqueue", rawEnqueue,
                deadline => LoadAsync(count, index => RawSendAsync(plan[start + index], rawMessages[start + index]), deadline));
            var rawDrained = await MeasureAsync("raw receive+delete+insert", rawDrain,
                deadline => DrainAsync(RawPumps(new DeliveryLog()), rawSent.Items, deadline));
            var ingested = await MeasureAsync("ingest", ingest, deadline => LoadAsync(count, index => IngestAsync(plan[start + index].Body), deadline));
            var drained = await MeasureAsync("processing", drain, deadline => DrainAsync(AppPumps(deliveries), ingested.Items, deadline));

            Console.WriteLine($"round of events {start + 1} to {start + count}: raw enqueue {rawSent.PerSecond:0}/s, "
                + $"raw receive+delete+insert {rawDrained.PerSecond:0}/s, ingest {ingested.PerSecond:0}/s, processing {drained.PerSecond:0}/s");
            rawEnqueue = PhaseResult.Combine(rawEnqueue, rawSent);
            rawDrain = PhaseResult.Combine(rawDrain, rawDrained);
            ingest = PhaseResult.Combine(ingest, ingested);
            drain = PhaseResult.Combine(drain, drained);
            if (!(rawSent.Finished && rawDrained.Finished && ingested.Finished && drained.Finished))
            {
                break;
            }
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new E2eResults(options, _host, plan.Count(send => send.IsDuplicate), rawEnqueue!, ingest!, rawDrain!, drain!, deliveries,
            process.PeakWorkingSet64);
    }

    /// <summary>
    /// Sends 200 events, every topic among them, through ingest and processing, and as many plain messages
    /// through the baseline, so JIT compilation and the creation of queues, tables and
    /// containers happen before the measured phases.
    /// </summary>
    private async Task WarmUpAsync()
    {
        var deadline = DateTime.UtcNow + options.PhaseTimeout;
        await _rawTable.CreateIfNotExistsAsync();
        foreach (var queue in QueueNames.All)
        {
            await _queues.GetQueueClient(queue).CreateIfNotExistsAsync();
            await _queues.GetQueueClient(StorageAccess.RawQueueFor(queue)).CreateIfNotExistsAsync();
        }

        // 200 events hold every topic of the mix, and warm up Azurite's code as much as the app's.
        var warmUp = EventPlan.Create(200, 0, options.BodyBytes, firstIndex: 10_000_000);
        foreach (var send in warmUp)
        {
            await IngestAsync(send.Body);
            var message = new EventEnvelope("raw:warm-up", send.Topic, DateTimeOffset.UtcNow, send.Body).Serialize();
            await RawSendAsync(send, message);
        }

        await DrainAsync(AppPumps(new DeliveryLog()), warmUp.Count, deadline);
        await DrainAsync(RawPumps(new DeliveryLog()), warmUp.Count, deadline);
    }

    /// <param name="earlier">The phase's earlier rounds, whose time counts against the phase timeout.</param>
    private async Task<PhaseResult> MeasureAsync(string name, PhaseResult? earlier,
        Func<DateTime, Task<(int Items, int Failed, bool Finished, LoadResult? Load)>> run)
    {
        var remaining = options.PhaseTimeout - (earlier?.Elapsed ?? TimeSpan.Zero);
        GC.Collect();
        var requestsBefore = counter.Snapshot();
        var outboundBefore = fake.Snapshot();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var (items, failed, finished, load) = await run(DateTime.UtcNow + remaining);
        stopwatch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var outbound = fake.Snapshot().ToDictionary(pair => pair.Key, pair => pair.Value - outboundBefore.GetValueOrDefault(pair.Key));
        return new PhaseResult(name, items, failed, finished, stopwatch.Elapsed, load,
            StorageRequestCounter.Between(requestsBefore, counter.Snapshot()), outbound, allocated);
    }

    private async Task<(int, int, bool, LoadResult?)> LoadAsync(int count, Func<int, Task<bool>> operation, DateTime deadline)
    {
        var load = await LoadRunner.RunAsync(count, options.Concurrency, operation, deadline);
        return (load.Completed, load.Failed, load.Completed == count, load);
    }

    private static async Task<(int, int, bool, LoadResult?)> DrainAsync(IReadOnlyList<QueuePump> pumps, int expected, DateTime deadline)
    {
        var delivered = (await Task.WhenAll(pumps.Select(pump => pump.RunAsync(deadline)))).Sum();
        return (delivered, 0, delivered >= expected && DateTime.UtcNow < deadline, null);
    }

    private List<QueuePump> AppPumps(DeliveryLog log) =>
        [.. app.Functions.Select(pair => new QueuePump(_queues.GetQueueClient(pair.Key), pair.Value, _host, counter, log))];

    private List<QueuePump> RawPumps(DeliveryLog log) =>
        [.. QueueNames.All.Select(queue => new QueuePump(_queues.GetQueueClient(StorageAccess.RawQueueFor(queue)), RawClaimAsync, _host, counter, log))];

    private async Task<bool> IngestAsync(byte[] body)
    {
        var request = new IngestRequest("application/json", body.Length, new MemoryStream(body, writable: false),
            name => string.Equals(name, SecretHeaderName, StringComparison.OrdinalIgnoreCase) ? BenchmarkApp.Secret : null,
            _ => null, "127.0.0.1");
        var response = await app.Ingest.HandleAsync(request, CancellationToken.None);
        return response.StatusCode == 200;
    }

    /// <summary>Sends a message as EventQueueWriter does: to the topic's queue (here its baseline twin), never expiring.</summary>
    private async Task<bool> RawSendAsync(PlannedSend send, BinaryData message)
    {
        try
        {
            var queue = _sendQueues.GetQueueClient(StorageAccess.RawQueueFor(Topics.QueueFor(send.Topic)));
            await queue.SendMessageAsync(message, timeToLive: TimeSpan.FromSeconds(-1));
            return true;
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Inserts a row shaped like the claim that EventClaims inserts.</summary>
    private Task RawClaimAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var row = new TableEntity(message.MessageId, "event")
        {
            ["Topic"] = "raw",
            ["Status"] = "Processing",
            ["ClaimedBy"] = message.MessageId,
            ["Attempts"] = 1,
            ["FirstSeenAt"] = now,
            ["LeaseExpiresAt"] = now.AddMinutes(10),
            ["ExpiresAt"] = now.AddDays(30),
        };
        return _rawTable.AddEntityAsync(row, cancellationToken);
    }
}
