using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Platform.Tests.Support;

/// <summary>One line the app logged, as the tests read it.</summary>
public sealed record LogLine(string Category, LogLevel Level, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $" [{Exception.GetType().Name}: {Exception.Message}]")}";
}

/// <summary>Keeps every line the app logs, so a test can say what was (or must not have been) written.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception), exception));
            }
        }
    }
}
