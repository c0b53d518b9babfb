using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using VambeFunctions.Storage;

namespace VambeFunctions.Processing;

/// <summary>
/// Reads and removes the bodies that ingest stored as blobs because they did not fit a queue
/// message. Each queue message owns its blob, named <c>{event id}/{unique id}.json</c>.
/// </summary>
public sealed class PayloadStore(BlobServiceClient blobs)
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(BlobContainerNames.Payloads);

    /// <exception cref="PayloadMissingException">The blob does not exist.</exception>
    public async Task<ReadOnlyMemory<byte>> LoadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            BlobDownloadResult download = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return download.Content.ToMemory();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new PayloadMissingException(name);
        }
    }

    /// <summary>Deletes a body once no queue message or archive can need it again.</summary>
    public Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
}

public sealed class PayloadMissingException(string name) : Exception($"The payload blob '{name}' does not exist.");
