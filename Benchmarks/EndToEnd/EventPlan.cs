using VambeFunctions.Events;

namespace VambeFunctions.Benchmarks.EndToEnd;

/// <summary>One webhook to send: its topic, body, and whether it repeats an earlier send.</summary>
public sealed record PlannedSend(string Topic, byte[] Body, bool IsDuplicate);

/// <summary>
/// The webhooks of a run: every topic, weighted towards message events, with a share of sends
/// that repeat an event sent a little earlier, as Vambe does when it retries a delivery.
/// NOTE: the weights are an assumed mix, not measured from Vambe traffic.
/// </summary>
public static class EventPlan
{
    /// <summary>Topics and their weights per 100 events.</summary>
    public static IReadOnlyList<(string Topic, int Weight)> Mix { get; } =
    [
        (Topics.MessageReceived, 35),
        (Topics.MessageSent, 20),
        (Topics.TicketCreated, 6),
        (Topics.TicketUpdated, 6),
        (Topics.TicketClosed, 6),
        (Topics.ContactCreated, 6),
        (Topics.ContactUpdated, 6),
        (Topics.StageChanged, 10),
        (SampleEvents.UnknownTopic, 5),
    ];

    /// <summary>How far back, in sends, a duplicate repeats an earlier event.</summary>
    private const int DuplicateDistance = 8;

    public static IReadOnlyList<PlannedSend> Create(int count, double duplicateShare, int bodyBytes, int firstIndex = 0)
    {
        var sends = new List<PlannedSend>(count);
        var originals = new List<PlannedSend>(count);
        for (var send = 0; send < count; send++)
        {
            var isDuplicate = originals.Count > DuplicateDistance
                && Math.Floor((send + 1) * duplicateShare) > Math.Floor(send * duplicateShare);
            if (isDuplicate)
            {
                sends.Add(originals[^DuplicateDistance] with { IsDuplicate = true });
                continue;
            }

            var index = firstIndex + originals.Count;
            var original = new PlannedSend(TopicAt(originals.Count), [], false);
            original = original with { Body = SampleEvents.Create(original.Topic, index, bodyBytes) };
            originals.Add(original);
            sends.Add(original);
        }

        return sends;
    }

    /// <summary>
    /// Returns the topic of the n-th distinct event. Every 100 events follow <see cref="Mix"/>, and
    /// stepping through the 100 slots by 37, which shares no factor with 100, interleaves the topics.
    /// </summary>
    private static string TopicAt(int n)
    {
        var slot = (n * 37) % 100;
        foreach (var (topic, weight) in Mix)
        {
            if (slot < weight)
            {
                return topic;
            }

            slot -= weight;
        }

        return Mix[0].Topic;
    }
}
