using System.Diagnostics;

namespace VambeFunctions.Benchmarks.EndToEnd;

/// <summary>What a bounded load run did: requests finished, failed, and each latency in milliseconds.</summary>
public sealed record LoadResult(int Completed, int Failed, TimeSpan Elapsed, double[] SortedLatenciesMs)
{
    /// <summary>Returns the latency below which <paramref name="percentile"/> percent of requests finished (nearest rank).</summary>
    public double Percentile(double percentile)
    {
        if (SortedLatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * SortedLatenciesMs.Length);
        return SortedLatenciesMs[Math.Clamp(rank - 1, 0, SortedLatenciesMs.Length - 1)];
    }
}

/// <summary>Runs a numbered operation a fixed number of times from a fixed number of concurrent workers.</summary>
public static class LoadRunner
{
    /// <param name="operation">Runs item i and returns whether it succeeded.</param>
    /// <param name="deadline">Workers take no new item after it, so the run may end with fewer items.</param>
    public static async Task<LoadResult> RunAsync(int count, int concurrency, Func<int, Task<bool>> operation, DateTime deadline)
    {
        var latencies = new double[count];
        var next = -1;
        var completed = 0;
        var failed = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (DateTime.UtcNow < deadline)
            {
                var item = Interlocked.Increment(ref next);
                if (item >= count)
                {
                    return;
                }

                var start = Stopwatch.GetTimestamp();
                var succeeded = await operation(item);
                latencies[item] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Interlocked.Increment(ref completed);
                if (!succeeded)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        await Task.WhenAll(workers);
        stopwatch.Stop();

        var taken = Math.Min(count, next + 1);
        var sorted = latencies.AsSpan(0, taken).ToArray();
        Array.Sort(sorted);
        return new LoadResult(completed, failed, stopwatch.Elapsed, sorted);
    }
}
