using System.CommandLine;
using System.Text.Json;
using VambeFunctions.Cli.Infrastructure;
using VambeFunctions.Cli.Storage;
using VambeFunctions.Storage;

namespace VambeFunctions.Cli.DeadLetters;

/// <summary>The <c>deadletters</c> commands: list and replay the archived dead letters and unknown-topic events.</summary>
public sealed class DeadLetterCommands(CliEnvironment environment)
{
    /// <summary>Max length of a reason in a table. <c>--json</c> writes the whole reason.</summary>
    private const int ReasonWidth = 80;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly StorageSelection _storage = new();

    private readonly Option<string?> _topic = new("--topic")
    {
        Description = "Only this topic; aliases such as ticket.opened count as their canonical topic.",
        HelpName = "TOPIC",
    };

    public Command Build()
    {
        var deadLetters = new Command("deadletters", $"List and replay the messages archived in the {BlobContainerNames.DeadLetters} container.");
        _storage.AddTo(deadLetters);
        deadLetters.Add(List());
        deadLetters.Add(Replay());
        return deadLetters;
    }

    private Command List()
    {
        var json = new Option<bool>("--json") { Description = "Write JSON instead of tables." };
        var command = new Command("list", "Count the archived messages by topic and reason, then list them.") { _topic, json };
        command.SetHandler(async (parseResult, output, cancellationToken) =>
        {
            var storage = _storage.Connect(parseResult, environment, output.Error);
            var topic = parseResult.GetValue(_topic);
            var messages = await new DeadLetterStore(storage.Blobs).ListAsync(topic, cancellationToken);
            if (parseResult.GetValue(json))
            {
                output.Out.WriteLine(JsonSerializer.Serialize(messages, Json));
            }
            else
            {
                WriteList(messages, topic, output.Out);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private Command Replay()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be replayed, and change nothing." };
        var includeUnknown = new Option<bool>("--include-unknown")
        {
            Description = "Replay events whose topic has no handler too; they are archived again unless a handler now exists.",
        };
        var progressInterval = new Option<int>("--progress-every")
        {
            Description = "Write a progress line after this many messages.",
            HelpName = "COUNT",
            DefaultValueFactory = _ => 100,
        };
        var command = new Command("replay", "Put each archived message back on its topic's queue, unchanged, then delete its blob.")
        {
            _topic, dryRun, includeUnknown, progressInterval,
        };
        command.SetHandler(async (parseResult, output, cancellationToken) =>
        {
            var interval = parseResult.GetValue(progressInterval);
            if (interval < 1)
            {
                throw new CliException(ExitCodes.Failed, $"--progress-every must be at least 1, not {interval}.");
            }

            var storage = _storage.Connect(parseResult, environment, output.Error);
            var store = new DeadLetterStore(storage.Blobs);
            var topic = parseResult.GetValue(_topic);
            var messages = await store.ListAsync(topic, cancellationToken);
            var isDryRun = parseResult.GetValue(dryRun);
            var tally = new ReplayTally();
            try
            {
                await new DeadLetterReplayer(store, storage.Queues).ReplayAsync(messages, parseResult.GetValue(includeUnknown), isDryRun,
                    interval, tally, output.Out, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                output.Error.WriteLine($"Replay stopped after {tally.Replayed} of {tally.Candidates} messages. "
                    + "Run it again to replay the rest; a message sent twice is processed once.");
                return ExitCodes.Interrupted;
            }

            WriteReplaySummary(messages, topic, isDryRun, tally, parseResult.GetValue(includeUnknown), output.Out);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteList(IReadOnlyList<ArchivedMessage> messages, string? topic, TextWriter writer)
    {
        if (messages.Count == 0)
        {
            writer.WriteLine(NoneMessage(topic));
            return;
        }

        writer.WriteLine($"{messages.Count} archived {Plural(messages.Count, "message")}{ForTopic(topic)}.");
        writer.WriteLine();
        var counts = new TextTable("TOPIC", "REASON", "COUNT");
        foreach (var group in messages.GroupBy(message => (message.Topic, message.Reason)).OrderBy(group => group.Key.Topic, StringComparer.Ordinal)
            .ThenByDescending(group => group.Count()))
        {
            counts.AddRow(group.Key.Topic, Shorten(group.Key.Reason), group.Count().ToString());
        }

        counts.Write(writer);
        writer.WriteLine();
        var rows = new TextTable("EVENT ID", "TOPIC", "SOURCE QUEUE", "REASON", "ARCHIVED AT");
        foreach (var message in messages)
        {
            rows.AddRow(message.EventId, message.Topic, message.SourceQueue, Shorten(message.Reason), message.ArchivedAt?.ToString("u"));
        }

        rows.Write(writer);
    }

    private static void WriteReplaySummary(IReadOnlyList<ArchivedMessage> messages, string? topic, bool dryRun, ReplayTally tally,
        bool includeUnknown, TextWriter writer)
    {
        if (messages.Count == 0)
        {
            writer.WriteLine($"Nothing to replay: {NoneMessage(topic)}");
            return;
        }

        var byQueue = string.Join(", ", tally.ByQueue.Select(pair => $"{pair.Key} {pair.Value}"));
        if (tally.Replayed == 0 && tally.SkippedUnknown == 0)
        {
            writer.WriteLine("Nothing to replay: every listed blob was already gone.");
        }
        else if (tally.Replayed == 0)
        {
            writer.WriteLine("Nothing to replay.");
        }
        else if (dryRun)
        {
            writer.WriteLine($"Dry run: would replay {tally.Replayed} {Plural(tally.Replayed, "message")} ({byQueue}). Nothing was changed.");
            var rows = new TextTable("EVENT ID", "TOPIC", "TO QUEUE");
            foreach (var message in messages)
            {
                if (DeadLetterReplayer.TargetQueue(message, includeUnknown) is { } queue)
                {
                    rows.AddRow(message.EventId, message.Topic, queue);
                }
            }

            rows.Write(writer);
        }
        else
        {
            writer.WriteLine($"Replayed {tally.Replayed} of {tally.Candidates} {Plural(tally.Candidates, "message")} ({byQueue}).");
        }

        if (tally.SkippedUnknown > 0)
        {
            var reason = tally.SkippedUnknown == 1
                ? "because no handler takes its topic and it would be archived again. --include-unknown replays it."
                : "because no handler takes their topics and they would be archived again. --include-unknown replays them.";
            writer.WriteLine($"Skipped {tally.SkippedUnknown} unknown-topic {Plural(tally.SkippedUnknown, "event")}, {reason}");
        }

        if (tally.Changed > 0)
        {
            writer.WriteLine($"Kept {tally.Changed} {Plural(tally.Changed, "blob")} that {(tally.Changed == 1 ? "was" : "were")} archived again during the replay.");
        }

        if (tally.Missing > 0)
        {
            writer.WriteLine($"{tally.Missing} {Plural(tally.Missing, "blob")} disappeared before {(tally.Missing == 1 ? "it was" : "they were")} replayed, perhaps replayed by another run.");
        }
    }

    private static string NoneMessage(string? topic) => $"no archived messages{ForTopic(topic)} in {BlobContainerNames.DeadLetters}.";

    private static string ForTopic(string? topic) => topic is null ? "" : $" for topic {VambeFunctions.Events.Topics.Canonicalize(topic)}";

    private static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";

    private static string Shorten(string text) => text.Length <= ReasonWidth ? text : text[..(ReasonWidth - 1)] + Redaction.Ellipsis;
}
