using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using VambeFunctions.Events;
using VambeFunctions.Storage;

namespace VambeFunctions.Cli.DeadLetters;

/// <summary>One archived message, read from its blob's name and metadata.</summary>
/// <param name="Topic">The canonical topic from the metadata, which contains ASCII only.</param>
public sealed record ArchivedMessage(
    string BlobName,
    string EventId,
    string Topic,
    string SourceQueue,
    string Reason,
    DateTimeOffset? ArchivedAt);

/// <summary>Reads the dead-letter container that DeadLetterArchive writes.</summary>
public sealed class DeadLetterStore(BlobServiceClient blobs)
{
    public BlobContainerClient Container { get; } = blobs.GetBlobContainerClient(BlobContainerNames.DeadLetters);

    /// <summary>Lists the archived messages, oldest first, optionally of one topic (aliases resolved).</summary>
    public async Task<IReadOnlyList<ArchivedMessage>> ListAsync(string? topic, CancellationToken cancellationToken)
    {
        if (!await Container.ExistsAsync(cancellationToken))
        {
            return [];
        }

        var canonicalTopic = topic is null ? null : Topics.Canonicalize(topic);
        var messages = new List<ArchivedMessage>();
        await foreach (var blob in Container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
        {
            var message = Read(blob);
            if (canonicalTopic is null || message.Topic == canonicalTopic)
            {
                messages.Add(message);
            }
        }

        return [.. messages.OrderBy(message => message.ArchivedAt ?? DateTimeOffset.MinValue).ThenBy(message => message.BlobName, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Reads a blob named <c>{source queue}/{event id}.json</c>. The name keeps the event id
    /// exactly, while metadata values are ASCII only, so the id and queue come from the name.
    /// </summary>
    private static ArchivedMessage Read(BlobItem blob)
    {
        IReadOnlyDictionary<string, string> metadata = blob.Metadata is { } values ? values.AsReadOnly() : new Dictionary<string, string>();
        var separator = blob.Name.IndexOf('/');
        var sourceQueue = separator > 0 ? blob.Name[..separator] : metadata.GetValueOrDefault("sourcequeue", "");
        var fileName = separator > 0 ? blob.Name[(separator + 1)..] : blob.Name;
        var eventId = fileName.EndsWith(".json", StringComparison.Ordinal) ? fileName[..^".json".Length] : fileName;
        var archivedAt = DateTimeOffset.TryParse(metadata.GetValueOrDefault("archivedat"), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.RoundtripKind, out var parsed) ? parsed : blob.Properties.CreatedOn;
        return new ArchivedMessage(
            blob.Name,
            eventId,
            Topics.Canonicalize(metadata.GetValueOrDefault("topic", "")),
            sourceQueue,
            metadata.GetValueOrDefault("reason", ""),
            archivedAt);
    }
}
