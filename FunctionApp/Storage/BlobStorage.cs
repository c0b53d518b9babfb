using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace VambeFunctions.Storage;

/// <summary>Helpers for blob containers that may not exist yet on a fresh storage account.</summary>
public static class BlobStorage
{
    /// <summary>Uploads a blob, creating its container and retrying once when the container is missing.</summary>
    public static async Task UploadAsync(BlobContainerClient container, string name, BinaryData content,
        BlobUploadOptions options, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(name);
        try
        {
            await blob.UploadAsync(content, options, cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await blob.UploadAsync(content, options, cancellationToken);
        }
    }
}
