using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VambeFunctions.Benchmarks.EndToEnd;

/// <summary>
/// A Kestrel server on a free port of 127.0.0.1 that stands in for Vambe, the chat webhook and
/// the CRM: it reads each request and answers 200 with <c>{"success":true}</c>, counting the
/// requests by the first segment of their path.
/// </summary>
public sealed class LoopbackFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, long> _requests;

    private LoopbackFake(WebApplication app, string url, ConcurrentDictionary<string, long> requests)
    {
        _app = app;
        _requests = requests;
        Url = url;
    }

    /// <summary>The base address, without a trailing slash.</summary>
    public string Url { get; }

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_requests);

    public static async Task<LoopbackFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var requests = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        app.Run(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            var segment = context.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            requests.AddOrUpdate(segment, 1, (_, count) => count + 1);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"success\":true}", context.RequestAborted);
        });
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoopbackFake(app, address.TrimEnd('/'), requests);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
