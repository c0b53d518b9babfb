namespace VambeFunctions.Benchmarks.EndToEnd;

/// <summary>
/// Prints the results of an end-to-end run as plain-text tables, ending with one line of ratios.
/// Numbers use the invariant culture, which Program.cs sets for the process.
/// </summary>
public static class Report
{
    private const double KiB = 1024;
    private const double MiB = 1024 * 1024;

    public static void Print(E2eResults results, TextWriter output)
    {
        var options = results.Options;
        output.WriteLine($"e2e: {results.Ingest.Items} of {options.Events} events ingested ({results.Duplicates} sends repeat an earlier event), "
            + $"{options.BodyBytes}-byte bodies, rounds of {options.RoundSize}, concurrency {options.Concurrency}, receive batches of {results.Host.BatchSize} "
            + $"(newBatchThreshold {results.Host.NewBatchThreshold}), {Environment.ProcessorCount} processors");
        output.WriteLine();
        PrintPhases(results, output);
        output.WriteLine();
        PrintRequests(results, output);
        output.WriteLine();
        var costs = DeliveryCosts.From(results);
        PrintCosts(costs, output);
        output.WriteLine();
        PrintOutbound(results, output);
        PrintTargets(results, costs, output);
        foreach (var error in results.Deliveries.Errors)
        {
            output.WriteLine($"error: {error}");
        }

        output.WriteLine();
        output.WriteLine(Ratios(results, costs));
    }

    private static void PrintPhases(E2eResults results, TextWriter output)
    {
        output.WriteLine($"{"phase",-28}{"items",8}{"failed",8}{"seconds",9}{"per second",12}{"p50 ms",9}{"p95 ms",9}{"p99 ms",9}{"alloc/item",12}");
        PhaseResult[] phases = [results.RawEnqueue, results.Ingest, results.RawDrain, results.Drain];
        foreach (var phase in phases)
        {
            var load = phase.Load;
            output.WriteLine($"{phase.Name + (phase.Finished ? "" : " (stopped)"),-28}{phase.Items,8}{phase.Failed,8}"
                + $"{phase.Elapsed.TotalSeconds,9:0.00}{phase.PerSecond,12:0}{load?.Percentile(50),9:0.0}{load?.Percentile(95),9:0.0}"
                + $"{load?.Percentile(99),9:0.0}{phase.AllocatedBytes / KiB / Math.Max(1, phase.Items),9:0.0} KiB");
        }

        var endToEnd = results.Ingest.Elapsed + results.Drain.Elapsed;
        output.WriteLine($"end to end: {results.Ingest.Items} events in {endToEnd.TotalSeconds:0.00} s of ingest plus processing, "
            + $"{results.Ingest.Items / endToEnd.TotalSeconds:0} events/s");
        output.WriteLine($"memory: peak working set {results.PeakWorkingSetBytes / MiB:0} MiB; allocated bytes are process-wide, "
            + "so they include the Azure SDK and the loopback fake");
    }

    private static void PrintRequests(E2eResults results, TextWriter output)
    {
        var events = Math.Max(1, results.Ingest.Items);
        var requests = results.Ingest.Requests.Concat(results.Drain.Requests)
            .GroupBy(pair => (pair.Key.Kind, pair.Key.Resource, pair.Key.Status))
            .Select(group => (group.Key.Kind, group.Key.Resource, group.Key.Status, Count: group.Sum(pair => pair.Value)))
            .ToList();
        output.WriteLine("storage requests in the ingest and processing phases, per ingested event:");
        foreach (var kind in requests.GroupBy(request => request.Kind).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var total = kind.Sum(request => request.Count);
            var detail = string.Join(", ", kind.OrderByDescending(request => request.Count)
                .Select(request => $"{request.Resource} {request.Status}: {request.Count / (double)events:0.000}"));
            output.WriteLine($"  {kind.Key,-20}{total,9}{total / (double)events,8:0.000}   ({detail})");
        }

        output.WriteLine($"  {"all",-20}{requests.Sum(request => request.Count),9}{requests.Sum(request => request.Count) / (double)events,8:0.000}");
    }

    private static void PrintCosts(IReadOnlyList<DeliveryCosts> costs, TextWriter output)
    {
        output.WriteLine("storage requests per delivery, by outcome (enqueue and receive are shares of their phase):");
        output.WriteLine($"  {"outcome",-26}{"count",7}{"enqueue",9}{"receive",9}{"claim",7}{"read",7}{"row wr",8}{"delete",8}{"handler",9}{"blob",7}{"other",7}{"total",8}{"steps",7}");
        foreach (var cost in costs)
        {
            output.WriteLine($"  {cost.Outcome,-26}{cost.Deliveries,7}{cost.Enqueue,9:0.00}{cost.Receive,9:0.000}{cost.ClaimInsert,7:0.00}"
                + $"{cost.ClaimRead,7:0.00}{cost.EventRowWrites,8:0.00}{cost.Delete,8:0.00}{cost.HandlerRows,9:0.00}{cost.Blobs,7:0.00}"
                + $"{cost.Other,7:0.00}{cost.Total,8:0.00}{cost.Steps,7:0.00}");
        }

        output.WriteLine("  claim: insert into VambeEvents; read: its get after a 409; row wr: step records, completion or");
        output.WriteLine("  dead-letter mark on that row; handler: handler tables; blob: archive and payload blobs");
    }

    private static void PrintOutbound(E2eResults results, TextWriter output)
    {
        var events = Math.Max(1, results.Ingest.Items);
        var calls = string.Join(", ", results.Drain.Outbound.Where(pair => pair.Value > 0).OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => $"{pair.Key} {pair.Value / (double)events:0.000}"));
        output.WriteLine($"outbound HTTP calls to the loopback fake per ingested event: {(calls.Length == 0 ? "none" : calls)}");
    }

    private static void PrintTargets(E2eResults results, IReadOnlyList<DeliveryCosts> costs, TextWriter output)
    {
        var ingestRatio = Ratio(results.Ingest, results.RawEnqueue);
        var processingRatio = Ratio(results.Drain, results.RawDrain);
        output.WriteLine($"target ingest >= 0.85 of raw enqueue: {ingestRatio:0.00}, {Verdict(ingestRatio >= 0.85)}");
        output.WriteLine($"target processing >= 0.75 of raw receive+delete+insert: {processingRatio:0.00}, {Verdict(processingRatio >= 0.75)}");
        if (costs.FirstOrDefault(cost => cost.Outcome == DeliveryCosts.Handled) is { } handled)
        {
            output.WriteLine($"target handled event <= 4 requests before handler steps: {handled.BeforeSteps:0.00}, "
                + $"{Verdict(handled.BeforeSteps <= 4)} ({handled.Steps:0.00} step records and {handled.HandlerRows:0.00} handler rows come on top)");
        }

        if (costs.FirstOrDefault(cost => cost.Outcome == DeliveryCosts.Duplicate) is { } duplicate)
        {
            output.WriteLine($"target duplicate <= 4 requests: {duplicate.Total:0.00}, {Verdict(duplicate.Total <= 4)}");
        }
    }

    private static string Ratios(E2eResults results, IReadOnlyList<DeliveryCosts> costs)
    {
        var events = Math.Max(1, results.Ingest.Items);
        var requests = results.Ingest.Requests.Values.Sum() + results.Drain.Requests.Values.Sum();
        var duplicate = costs.FirstOrDefault(cost => cost.Outcome == DeliveryCosts.Duplicate)?.Total ?? double.NaN;
        return $"ratios: ingest {Ratio(results.Ingest, results.RawEnqueue):0.00} of raw enqueue, "
            + $"processing {Ratio(results.Drain, results.RawDrain):0.00} of raw receive+delete+insert, "
            + $"storage requests/event {requests / (double)events:0.0} (duplicate {duplicate:0.0})";
    }

    private static double Ratio(PhaseResult app, PhaseResult baseline) => app.PerSecond / baseline.PerSecond;

    private static string Verdict(bool met) => met ? "met" : "missed";
}
