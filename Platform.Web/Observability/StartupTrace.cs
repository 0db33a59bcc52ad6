using System.Diagnostics;

namespace Platform.Web.Observability;

/// <summary>
/// Where start-up time goes: marks taken from the moment the process started (runtime load and JIT included) to the first
/// page served, logged as one line when that page is done, e.g.
/// <c>Start-up: host built 610 ms, database ready 780 ms (+170), listening 1,020 ms (+240), first page 1,640 ms (+620)</c>.
/// Process time, not the domain's clock: it measures this process and nothing else reads it.
/// </summary>
public static class StartupTrace
{
    private static readonly DateTime ProcessStarted = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    private static readonly List<(string Phase, double Milliseconds)> Marks = [];
    private static int _firstPageLogged;

    public static void Mark(string phase)
    {
        lock (Marks)
        {
            Marks.Add((phase, (DateTime.UtcNow - ProcessStarted).TotalMilliseconds));
        }
    }

    /// <summary>
    /// Marks "listening" the moment the server listens: the first of the host's started steps, before what waits for the
    /// server (<see cref="Hosting.AfterListening"/>) and before the application counts as started.
    /// </summary>
    public static IServiceCollection AddStartupTrace(this IServiceCollection services) =>
        services.AddSingleton<IHostedService, ListeningMark>();

    /// <summary>Logs the trace once the first page has been written.</summary>
    public static WebApplication UseStartupTrace(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            await next(context);
            if (Volatile.Read(ref _firstPageLogged) == 0 && context.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true
                && Interlocked.Exchange(ref _firstPageLogged, 1) == 0)
            {
                Mark("first page");
                app.Logger.LogInformation("Start-up: {Trace}", Describe());
            }
        });
        return app;
    }

    private sealed class ListeningMark : IHostedLifecycleService
    {
        public Task StartedAsync(CancellationToken cancellationToken)
        {
            Mark("listening");
            return Task.CompletedTask;
        }

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static string Describe()
    {
        lock (Marks)
        {
            return string.Join(", ", Marks.Select((m, i) => i == 0
                ? $"{m.Phase} {m.Milliseconds:N0} ms"
                : $"{m.Phase} {m.Milliseconds:N0} ms (+{m.Milliseconds - Marks[i - 1].Milliseconds:N0})"));
        }
    }
}
