using System.Diagnostics;

namespace VambeFunctions.Benchmarks.EndToEnd;

/// <summary>
/// The end-to-end benchmark: ingest into Azurite, processing through the function classes with
/// handlers calling a loopback fake, and a plain queue and table baseline at the same
/// concurrency. All traffic goes to 127.0.0.1, and every phase stops by itself.
/// </summary>
public static class EndToEndBenchmark
{
    private static readonly TimeSpan AzuriteStartTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help"))
        {
            Console.WriteLine(E2eOptions.Help);
            return 0;
        }

        E2eOptions options;
        try
        {
            options = E2eOptions.Parse(args);
            if (options.ConnectionString is { } given)
            {
                StorageAccess.RequireLoopback(given);
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(E2eOptions.Help);
            return 2;
        }

        var stopwatch = Stopwatch.StartNew();
        AzuriteProcess? azurite = null;
        try
        {
            string connectionString;
            if (options.ConnectionString is { } given)
            {
                connectionString = given;
                await StorageAccess.ResetAsync(connectionString);
            }
            else
            {
                azurite = await AzuriteProcess.StartAsync(AzuriteStartTimeout);
                connectionString = azurite.ConnectionString;
            }

            await using var fake = await LoopbackFake.StartAsync();
            var counter = new StorageRequestCounter();
            await using var app = new BenchmarkApp(connectionString, fake.Url, counter);
            var results = await new E2eRun(options, connectionString, app, counter, fake).ExecuteAsync();
            Console.WriteLine($"finished in {stopwatch.Elapsed.TotalSeconds:0.0} s");
            Report.Print(results, Console.Out);
            PhaseResult[] phases = [results.RawEnqueue, results.Ingest, results.RawDrain, results.Drain];
            return phases.All(phase => phase.Finished && phase.Failed == 0) && results.Deliveries.Errors.Count == 0 ? 0 : 1;
        }
        finally
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }
        }
    }
}
