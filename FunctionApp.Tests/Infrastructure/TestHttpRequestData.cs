using System.Net;
using System.Security.Claims;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Moq;

namespace VambeFunctions.Tests.Infrastructure;

/// <summary>An HTTP request as the isolated worker hands it to a function, for calling function classes directly.</summary>
public sealed class TestHttpRequestData(Uri url, byte[] body, HttpHeadersCollection headers)
    : HttpRequestData(new Mock<FunctionContext>().Object)
{
    public override Stream Body { get; } = new MemoryStream(body);

    public override HttpHeadersCollection Headers { get; } = headers;

    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];

    public override Uri Url { get; } = url;

    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];

    public override string Method => "POST";

    public override HttpResponseData CreateResponse() => new TestHttpResponseData(FunctionContext);
}

public sealed class TestHttpResponseData(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; }

    public override HttpHeadersCollection Headers { get; set; } = [];

    public override Stream Body { get; set; } = new MemoryStream();

    public override HttpCookies Cookies { get; } = new Mock<HttpCookies>().Object;
}
