using System.Net;
using System.Text;

namespace VambeFunctions.Benchmarks.Cpu;

/// <summary>
/// Responds to the storage requests of one ingest or one processing run in memory, with the status
/// and headers Azure Storage returns, so the Azure SDK builds, signs and parses each request as
/// it would against an account, without a network. It reads each request body to its end.
/// </summary>
public sealed class InMemoryStorageHandler : HttpMessageHandler
{
    private const string SendReceipt =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessagesList><QueueMessage>"
        + "<MessageId>5974b586-0df3-4e2d-ad0c-18e3892bfca2</MessageId>"
        + "<InsertionTime>Mon, 02 Mar 2026 14:05:00 GMT</InsertionTime>"
        + "<ExpirationTime>Fri, 31 Dec 9999 23:59:59 GMT</ExpirationTime>"
        + "<PopReceipt>AgAAAAMAAAAAAAAA</PopReceipt>"
        + "<TimeNextVisible>Mon, 02 Mar 2026 14:05:00 GMT</TimeNextVisible>"
        + "</QueueMessage></QueueMessagesList>";

    private static readonly byte[] SendReceiptBytes = Encoding.UTF8.GetBytes(SendReceipt);

    /// <summary>The content every blob download returns.</summary>
    public byte[] BlobContent { get; set; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            await request.Content.CopyToAsync(Stream.Null, cancellationToken);
        }

        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Post && path.EndsWith("/messages", StringComparison.Ordinal))
        {
            var created = new HttpResponseMessage(HttpStatusCode.Created) { Content = new ByteArrayContent(SendReceiptBytes) };
            created.Content.Headers.ContentType = new("application/xml");
            return created;
        }

        if (path.EndsWith("/Tables", StringComparison.Ordinal))
        {
            // The table exists already, which CreateIfNotExistsAsync accepts.
            return Json(HttpStatusCode.Conflict, "{\"odata.error\":{\"code\":\"TableAlreadyExists\",\"message\":{\"value\":\"exists\"}}}",
                "TableAlreadyExists");
        }

        var isTable = path.Contains("(PartitionKey", StringComparison.Ordinal) || request.Headers.Contains("DataServiceVersion");
        if (request.Method == HttpMethod.Get && !isTable)
        {
            var download = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(BlobContent) };
            download.Headers.ETag = new("\"0x8DE5A1B2C3D4E5F\"");
            download.Headers.Add("x-ms-blob-type", "BlockBlob");
            download.Content.Headers.ContentType = new("application/json");
            download.Content.Headers.LastModified = new DateTimeOffset(2026, 3, 2, 14, 5, 0, TimeSpan.Zero);
            return download;
        }

        if (request.Method == HttpMethod.Delete)
        {
            return new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new ByteArrayContent([]) };
        }

        // Blob uploads, table inserts and merges: success with a new ETag and no body.
        var status = request.Method == HttpMethod.Put && !isTable
            ? HttpStatusCode.Created
            : HttpStatusCode.NoContent;
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };
        response.Headers.ETag = new("\"0x8DE5A1B2C3D4E5F\"");
        response.Content.Headers.LastModified = new DateTimeOffset(2026, 3, 2, 14, 5, 0, TimeSpan.Zero);
        return response;
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body, string errorCode)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        response.Headers.Add("x-ms-error-code", errorCode);
        return response;
    }
}
