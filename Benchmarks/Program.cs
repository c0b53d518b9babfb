using System.Globalization;
using BenchmarkDotNet.Running;
using VambeFunctions.Benchmarks.EndToEnd;

const string Usage = """
    Usage:
      dotnet run -c Release --project Benchmarks -- cpu [BenchmarkDotNet arguments]
      dotnet run -c Release --project Benchmarks -- e2e [--events N] [--concurrency C] [--quick] [--connection-string S]

    cpu  runs the BenchmarkDotNet benchmarks of the ingest and processing work per event
         (all of them unless --filter is given, for example --filter '*IngestBenchmarks*').
         Results go to BenchmarkDotNet.Artifacts next to the program unless --artifacts is given.
    e2e  sends events through ingest into Azurite and drains them through the functions,
         next to a plain queue and table baseline. Run it with --help for its options.
    """;

// Reports print numbers with a decimal point whatever the machine's locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

switch (args.FirstOrDefault())
{
    case "cpu":
        string[] benchmarkArgs = args.Contains("--filter") ? args[1..] : [.. args[1..], "--filter", "*"];

        // The build output is git-ignored, unlike BenchmarkDotNet's default of the working directory.
        if (!benchmarkArgs.Contains("--artifacts"))
        {
            benchmarkArgs = [.. benchmarkArgs, "--artifacts", Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts")];
        }

        BenchmarkSwitcher.FromAssembly(typeof(EndToEndBenchmark).Assembly).Run(benchmarkArgs);
        return 0;
    case "e2e":
        return await EndToEndBenchmark.RunAsync(args[1..]);
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}
