using VambeFunctions.Storage;

namespace VambeFunctions.Benchmarks.EndToEnd;

/// <summary>
/// Storage requests per delivery of one outcome, split into the parts the report explains.
/// Enqueue and receive are shares of the ingest and processing phases. The rest come from the
/// requests each delivery made, its delete included.
/// </summary>
public sealed record DeliveryCosts(string Outcome, int Deliveries, double Enqueue, double Receive, double ClaimInsert,
    double ClaimRead, double EventRowWrites, double Delete, double HandlerRows, double Blobs, double Other)
{
    public const string Handled = "handled";
    public const string Duplicate = "duplicate";
    public const string DuplicateClaimedAgain = "duplicate, claimed again";
    public const string Archived = "archived (unknown topic)";
    public const string Failed = "failed";

    public double Total => Enqueue + Receive + ClaimInsert + ClaimRead + EventRowWrites + Delete + HandlerRows + Blobs + Other;

    /// <summary>Recorded handler steps per delivery: every write of the event row except the one that completes it.</summary>
    public double Steps => Outcome == Handled ? Math.Max(0, EventRowWrites - 1) : 0;

    /// <summary>The requests that the target counts before handler steps: all but step records and handler rows.</summary>
    public double BeforeSteps => Total - Steps - HandlerRows;

    public static IReadOnlyList<DeliveryCosts> From(E2eResults results)
    {
        var ingest = results.Ingest;
        var enqueue = Sum(ingest.Requests, key => key.Kind is "queue send" or "blob put") / (double)Math.Max(1, ingest.Items);
        var drain = results.Drain;
        var receive = Sum(drain.Requests, key => key.Kind == "queue receive") / (double)Math.Max(1, drain.Items);
        return
        [
            .. results.Deliveries.Deliveries.GroupBy(OutcomeOf).OrderBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => Average(group.Key, [.. group], enqueue, receive)),
        ];
    }

    private static string OutcomeOf(Delivery delivery)
    {
        if (!delivery.Succeeded)
        {
            return Failed;
        }

        var claim = delivery.Requests.Where(pair => pair.Key.Kind == "table insert" && pair.Key.Resource == TableNames.Events)
            .Select(pair => pair.Key.Status).FirstOrDefault();
        if (claim == 409)
        {
            // A row marked DeadLettered is taken over by any later delivery, so a repeated
            // unknown-topic event is archived again.
            var claimedAgain = delivery.Requests.Keys.Any(key => key.Kind == "table merge/update" && key.Resource == TableNames.Events);
            return claimedAgain ? DuplicateClaimedAgain : Duplicate;
        }

        return delivery.Queue == QueueNames.UnknownTopic ? Archived : Handled;
    }

    private static DeliveryCosts Average(string outcome, IReadOnlyList<Delivery> deliveries, double enqueue, double receive)
    {
        double Mean(Func<RequestKey, bool> match) =>
            deliveries.Sum(delivery => delivery.Requests.Where(pair => match(pair.Key)).Sum(pair => pair.Value)) / (double)deliveries.Count;

        static bool IsEvents(RequestKey key) => key.Resource == TableNames.Events;
        var claimInsert = Mean(key => IsEvents(key) && key.Kind == "table insert");
        var claimRead = Mean(key => IsEvents(key) && key.Kind == "table get");
        var rowWrites = Mean(key => IsEvents(key) && key.Kind == "table merge/update");
        var delete = Mean(key => key.Kind == "queue delete");
        var handlerRows = Mean(key => key.Kind.StartsWith("table ", StringComparison.Ordinal) && !IsEvents(key));
        var blobs = Mean(key => key.Kind.StartsWith("blob ", StringComparison.Ordinal));
        var all = Mean(_ => true);
        var other = all - claimInsert - claimRead - rowWrites - delete - handlerRows - blobs;
        return new DeliveryCosts(outcome, deliveries.Count, enqueue, receive, claimInsert, claimRead, rowWrites, delete,
            handlerRows, blobs, other);
    }

    public static long Sum(IReadOnlyDictionary<RequestKey, long> requests, Func<RequestKey, bool> match) =>
        requests.Where(pair => match(pair.Key)).Sum(pair => pair.Value);
}
