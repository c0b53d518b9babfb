using System.Net;
using System.Net.Sockets;
using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace VambeFunctions.Tests.Infrastructure;

/// <summary>A WireMock.Net server on 127.0.0.1 that replaces Vambe, the chat webhook or the CRM.</summary>
public sealed class FakeServer : IDisposable
{
    public FakeServer()
    {
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
    }

    public WireMockServer Server { get; }

    public string Url => Server.Url!;

    public IReadOnlyList<ILogEntry> Requests(string path) =>
        [.. Server.LogEntries.Where(entry => entry.RequestMessage.Path == path).OrderBy(entry => entry.RequestMessage.DateTime)];

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => Server.Stop();
}
