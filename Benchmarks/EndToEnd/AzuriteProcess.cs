using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VambeFunctions.Benchmarks.EndToEnd;

/// <summary>
/// A private, in-memory Azurite on free ports of 127.0.0.1, started from the repository's
/// node_modules as scripts/test.sh starts it, and stopped on dispose.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The well-known development account key of Azurite; it is not a secret.</summary>
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteProcess(Process process, string connectionString)
    {
        _process = process;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <exception cref="InvalidOperationException">Azurite is not installed, exited or did not start in time.</exception>
    public static async Task<AzuriteProcess> StartAsync(TimeSpan timeout)
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException(
            "Azurite was not found in node_modules/.bin. Run `npm ci` in the repository root, or pass --connection-string.");
        var (blobPort, queuePort, tablePort) = FreePorts();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var listening = 0;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Failed to start {executable}.");
        process.OutputDataReceived += (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }

            // Azurite prints one such line for each of its blob, queue and table services.
            if (line.Data?.Contains("successfully listening", StringComparison.Ordinal) == true && Interlocked.Increment(ref listening) == 3)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var azurite = new AzuriteProcess(process, ConnectionStringFor(blobPort, queuePort, tablePort));
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited, Task.Delay(timeout)) != ready.Task)
        {
            await azurite.DisposeAsync();
            lock (output)
            {
                throw new InvalidOperationException($"Azurite did not start within {timeout.TotalSeconds:0} s. Its output:\n{output}");
            }
        }

        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};"
        + $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;"
        + $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;"
        + $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>Looks for node_modules/.bin/azurite above the working directory and above the program.</summary>
    private static string? FindExecutable()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "node_modules", ".bin", "azurite");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static (int Blob, int Queue, int Table) FreePorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            var ports = listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToList();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }
}
