using HangfireLog = Hangfire.Logging;

namespace Platform.Web.Jobs;

/// <summary>
/// Hangfire's log lines into our logging. Hangfire keeps one log provider for the whole process (a static), while the
/// tests and the benchmark run several hosts in one process: when a host that set it had stopped, every Hangfire client
/// made afterwards asked a disposed logger factory for its logger and threw, and pages that queue a job answered 500.
/// A stopped host's factory now gives a silent logger instead.
/// </summary>
internal sealed class HangfireLogs(ILoggerFactory factory) : HangfireLog.ILogProvider
{
    public HangfireLog.ILog GetLogger(string name)
    {
        try
        {
            return new Forwarding(factory.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Forwarding(ILogger logger) : HangfireLog.ILog
    {
        public bool Log(HangfireLog.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var level = logLevel switch
            {
                HangfireLog.LogLevel.Trace => LogLevel.Trace,
                HangfireLog.LogLevel.Debug => LogLevel.Debug,
                HangfireLog.LogLevel.Info => LogLevel.Information,
                HangfireLog.LogLevel.Warn => LogLevel.Warning,
                HangfireLog.LogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            try
            {
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level); // Hangfire asks whether a level is on before building a message
                }
                logger.Log(level, exception, "{Message}", messageFunc());
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }

    private sealed class Silent : HangfireLog.ILog
    {
        public static Silent Instance { get; } = new();

        public bool Log(HangfireLog.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
