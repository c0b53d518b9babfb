using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using VambeFunctions.Events;
using VambeFunctions.Storage;

namespace VambeFunctions.Cli.DeadLetters;

/// <summary>Counts of a replay so far, still readable after the replay is cancelled.</summary>
public sealed class ReplayTally
{
    /// <summary>Messages that the replay puts back, after skipping unknown topics.</summary>
    public int Candidates { get; set; }

    public int Replayed { get; set; }

    public int SkippedUnknown { get; set; }

    /// <summary>Blobs that were archived again while they were replayed, and so were kept.</summary>
    public int Changed { get; set; }

    /// <summary>Blobs that disappeared between the listing and the replay, for example replayed by another run.</summary>
    public int Missing { get; set; }

    public SortedDictionary<string, int> ByQueue { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Puts archived messages back on their topic's queue, content unchanged, then deletes each blob.
/// Sending comes before deleting, so a replay that stops between the two loses nothing: run
/// again, it sends the message a second time, and processing deduplicates by event id.
/// </summary>
public sealed class DeadLetterReplayer(DeadLetterStore store, QueueServiceClient queues)
{
    /// <summary>Time-to-live that makes a queue message never expire, as ingest sends them.</summary>
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly HashSet<string> _createdQueues = new(StringComparer.Ordinal);

    /// <summary>Returns the queue that replays a message, or null when its topic has no handler and unknown topics are skipped.</summary>
    public static string? TargetQueue(ArchivedMessage message, bool includeUnknown)
    {
        var queue = Topics.QueueFor(message.Topic);
        return queue == QueueNames.UnknownTopic && !includeUnknown ? null : queue;
    }

    /// <summary>
    /// Replays the messages, writing a progress line to <paramref name="progress"/> after every
    /// <paramref name="progressInterval"/> messages. With <paramref name="dryRun"/> it only counts.
    /// </summary>
    public async Task ReplayAsync(IReadOnlyList<ArchivedMessage> messages, bool includeUnknown, bool dryRun, int progressInterval,
        ReplayTally tally, TextWriter progress, CancellationToken cancellationToken)
    {
        var planned = messages.Select(message => (Message: message, Queue: TargetQueue(message, includeUnknown))).ToList();
        tally.SkippedUnknown = planned.Count(item => item.Queue is null);
        tally.Candidates = planned.Count - tally.SkippedUnknown;
        foreach (var (message, queue) in planned)
        {
            if (queue is null)
            {
                continue;
            }

            if (!dryRun && !await ReplayOneAsync(message, queue, tally, cancellationToken))
            {
                continue;
            }

            tally.Replayed++;
            tally.ByQueue[queue] = tally.ByQueue.GetValueOrDefault(queue) + 1;
            if (!dryRun && tally.Replayed % progressInterval == 0 && tally.Replayed < tally.Candidates)
            {
                progress.WriteLine($"Replayed {tally.Replayed} of {tally.Candidates}.");
            }
        }
    }

    /// <returns>False when the blob no longer exists.</returns>
    private async Task<bool> ReplayOneAsync(ArchivedMessage message, string queueName, ReplayTally tally, CancellationToken cancellationToken)
    {
        var blob = store.Container.GetBlobClient(message.BlobName);
        BlobDownloadResult download;
        try
        {
            download = (await blob.DownloadContentAsync(cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            tally.Missing++;
            return false;
        }

        var queue = queues.GetQueueClient(queueName);
        if (_createdQueues.Add(queueName))
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        await queue.SendMessageAsync(download.Content, timeToLive: NeverExpires, cancellationToken: cancellationToken);

        // Deleting only the version that was sent keeps a blob that was archived again meanwhile.
        var unchanged = new BlobRequestConditions { IfMatch = download.Details.ETag };
        try
        {
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, unchanged, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            tally.Changed++;
        }

        return true;
    }
}
