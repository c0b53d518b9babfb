using System.Globalization;

namespace VambeFunctions.Benchmarks.EndToEnd;

/// <summary>Options of the end-to-end benchmark, read from its command line.</summary>
public sealed record E2eOptions
{
    public const string ConnectionStringVariable = "AZURITE_CONNECTION_STRING";

    public const string Help = """
        Options of e2e:
          --events N               events sent through ingest (default 20000; 1000 with --quick)
          --concurrency C          concurrent ingest requests and plain sends (default 16)
          --body-bytes B           size of each webhook body in bytes, 256 to 40960 (default 1024), small
                                   enough that the plain baseline can send it as one queue message
          --duplicates F           share of sends that repeat an earlier event, 0 to 0.5 (default 0.1)
          --round-size R           events sent and drained per round, so that Azurite never holds more
                                   than R messages (default 2000)
          --phase-timeout S        seconds after which a phase, all rounds together, stops unfinished (default 300; 15 with --quick)
          --quick                  1000 events and 15-second phases, to finish within a minute once built
          --connection-string S    an Azurite to use instead of starting one; also read from
                                   AZURITE_CONNECTION_STRING. Every endpoint must be on 127.0.0.1 or
                                   localhost, and the app's queues, tables and containers there are deleted first.
        """;

    /// <summary>Largest body whose envelope still fits one queue message, with room for the envelope's fields.</summary>
    public const int MaxBodyBytes = 40 * 1024;

    public int Events { get; init; } = 20_000;

    public int Concurrency { get; init; } = 16;

    /// <summary>
    /// Events per round. Azurite 3.37.0 scans every message it holds on each receive, so a deeper
    /// backlog measures the emulator more than the app.
    /// </summary>
    public int RoundSize { get; init; } = 2_000;

    public int BodyBytes { get; init; } = 1024;

    public double DuplicateShare { get; init; } = 0.1;

    public TimeSpan PhaseTimeout { get; init; } = TimeSpan.FromSeconds(300);

    public bool Quick { get; init; }

    public string? ConnectionString { get; init; }

    /// <exception cref="ArgumentException">An option is unknown, lacks its value or is out of range.</exception>
    public static E2eOptions Parse(IReadOnlyList<string> args)
    {
        var quick = args.Contains("--quick");
        var options = new E2eOptions
        {
            Quick = quick,
            Events = quick ? 1_000 : 20_000,
            PhaseTimeout = TimeSpan.FromSeconds(quick ? 15 : 300),
            ConnectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : null,
        };

        for (var index = 0; index < args.Count; index++)
        {
            var name = args[index];
            if (name == "--quick")
            {
                continue;
            }

            if (index + 1 >= args.Count)
            {
                throw new ArgumentException($"Option {name} needs a value.");
            }

            var value = args[++index];
            options = name switch
            {
                "--events" => options with { Events = ParseInt(name, value, 1, 1_000_000) },
                "--concurrency" => options with { Concurrency = ParseInt(name, value, 1, 512) },
                "--body-bytes" => options with { BodyBytes = ParseInt(name, value, 256, MaxBodyBytes) },
                "--duplicates" => options with { DuplicateShare = ParseShare(name, value) },
                "--round-size" => options with { RoundSize = ParseInt(name, value, 100, 1_000_000) },
                "--phase-timeout" => options with { PhaseTimeout = TimeSpan.FromSeconds(ParseInt(name, value, 1, 3600)) },
                "--connection-string" => options with { ConnectionString = value },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        return options;
    }

    private static int ParseInt(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw new ArgumentException($"Option {name} must be an integer from {min} to {max}, not '{value}'.");

    private static double ParseShare(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 0.5
            ? parsed
            : throw new ArgumentException($"Option {name} must be a number from 0 to 0.5, not '{value}'.");
}
