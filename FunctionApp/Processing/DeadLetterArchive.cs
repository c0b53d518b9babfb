using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using VambeFunctions.Storage;
using VambeFunctions.Telemetry;

namespace VambeFunctions.Processing;

/// <summary>A queue message that processing gave up on, with why.</summary>
/// <param name="Body">The queue message body, unchanged, so a replay can put it back as it was.</param>
public sealed record DeadLetter(
    string EventId,
    string Topic,
    string SourceQueue,
    string Reason,
    long DequeueCount,
    BinaryData Body);

/// <summary>
/// The durable archive of dead letters: one blob per event in the dead-letter container, named
/// <c>{source queue}/{event id}.json</c>, with the event id, topic, reason and time in its
/// metadata. Blobs do not expire, unlike the host's poison queues.
/// </summary>
public sealed partial class DeadLetterArchive(
    BlobServiceClient blobs,
    AppTelemetry telemetry,
    TimeProvider time,
    ILogger<DeadLetterArchive> logger)
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(BlobContainerNames.DeadLetters);

    public async Task ArchiveAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Metadata = new Dictionary<string, string>
            {
                ["eventid"] = ToMetadataValue(deadLetter.EventId),
                ["topic"] = ToMetadataValue(deadLetter.Topic),
                ["sourcequeue"] = deadLetter.SourceQueue,
                ["reason"] = ToMetadataValue(deadLetter.Reason),
                ["dequeuecount"] = deadLetter.DequeueCount.ToString(),
                ["archivedat"] = time.GetUtcNow().ToString("O"),
            },
        };

        await BlobStorage.UploadAsync(_container, BlobName(deadLetter.SourceQueue, deadLetter.EventId), deadLetter.Body, options,
            cancellationToken);

        var source = deadLetter.Reason.Split(':', 2)[0];
        telemetry.DeadLetters.Add(1, new("topic", AppTelemetry.TopicTag(deadLetter.Topic)), new("source", source));
        LogArchived(deadLetter.EventId, deadLetter.Topic, deadLetter.SourceQueue, deadLetter.DequeueCount, deadLetter.Reason);
    }

    public static string BlobName(string sourceQueue, string eventId) => $"{sourceQueue}/{eventId}.json";

    /// <summary>Blob metadata takes ASCII only; anything else becomes '?' and long values are cut.</summary>
    private static string ToMetadataValue(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, 1024));
        foreach (var character in value.AsSpan(0, Math.Min(value.Length, 1024)))
        {
            builder.Append(character is >= ' ' and <= '~' ? character : '?');
        }

        return builder.ToString();
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error,
        Message = "Archived dead letter {VambeEventId} with topic {Topic} from queue {SourceQueue} after {DequeueCount} deliveries: {Reason}")]
    private partial void LogArchived(string vambeEventId, string topic, string sourceQueue, long dequeueCount, string reason);
}
