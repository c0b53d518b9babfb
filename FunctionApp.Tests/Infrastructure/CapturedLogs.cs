using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VambeFunctions.Tests.Infrastructure;

/// <summary>A logger provider that keeps every formatted log line, with its level and event id.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new LogLine(category, logLevel, eventId.Id, formatter(state, exception), exception?.ToString())
            {
                StateKeys = state is IEnumerable<KeyValuePair<string, object?>> values ? [.. values.Select(value => value.Key)] : [],
            });
    }
}

public sealed record LogLine(string Category, LogLevel Level, int EventId, string Message, string? Exception)
{
    /// <summary>Names of the structured values, the template's placeholders among them.</summary>
    public IReadOnlyList<string> StateKeys { get; init; } = [];
}
