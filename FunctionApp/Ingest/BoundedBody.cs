using System.Buffers;

namespace VambeFunctions.Ingest;

/// <summary>Reads a request body into memory, stopping as soon as it passes a size cap.</summary>
public static class BoundedBody
{
    private const int ChunkBytes = 16 * 1024;

    /// <returns>The body, or null when it is longer than <paramref name="maxBytes"/>.</returns>
    public static async Task<byte[]?> ReadAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        // A seekable body has a known length, so it is read into one array of that size.
        if (body.CanSeek)
        {
            var remaining = body.Length - body.Position;
            if (remaining > maxBytes)
            {
                return null;
            }

            var exact = new byte[remaining];
            var filled = await body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, cancellationToken);
            if (filled < exact.Length)
            {
                exact = exact[..filled];
            }

            // A stream that grew after its length was read still counts against the cap.
            return await ReadToEndAsync(body, exact, maxBytes, cancellationToken);
        }

        return await ReadToEndAsync(body, [], maxBytes, cancellationToken);
    }

    /// <summary>Appends the rest of the stream to <paramref name="start"/>, in pooled chunks.</summary>
    private static async Task<byte[]?> ReadToEndAsync(Stream body, byte[] start, int maxBytes, CancellationToken cancellationToken)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            var read = await body.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken);
            if (read == 0)
            {
                return start;
            }

            using var buffer = new MemoryStream();
            buffer.Write(start);
            do
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
            while ((read = await body.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken)) > 0);

            return buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
