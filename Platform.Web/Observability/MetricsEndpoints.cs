using System.Net;
using Microsoft.AspNetCore.Components.Server.Circuits;
using OpenTelemetry.Metrics;
using Platform.Core.Access;

namespace Platform.Web.Observability;

/// <summary>
/// OpenTelemetry metrics on a Prometheus endpoint, <c>/metrics</c>, for staff and for a scraper on this machine only: the
/// figures say how busy the node is and how many people use it, which is no visitor's business.
/// </summary>
public static class MetricsEndpoints
{
    public const string Path = "/metrics";

    /// <summary>Forces a full blocking collection, so the next scrape's heap gauge counts live objects only.</summary>
    public const string FullCollectionPath = "/metrics/full-gc";

    public static IServiceCollection AddPlatformMetrics(this IServiceCollection services)
    {
        PlatformMetrics.EnsureCreated(); // the harness reads the heap gauge before it opens anything
        services.AddScoped<CircuitHandler, MetricsCircuitHandler>();
        services.AddHostedService<GiftMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter("Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
                "Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Server.Circuits",
                "Microsoft.AspNetCore.Components.Lifecycle", "System.Runtime", PlatformMetrics.MeterName)
            // A harness reads the heap right after forcing a collection: a cached scrape would show the one before.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    /// <summary>Refuses everyone else before the exporter answers; goes after authentication, so staff are known.</summary>
    public static WebApplication MapPlatformMetrics(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.Use(async (context, next) =>
        {
            if (!MayRead(context))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("Metrics are served to staff and to this machine only.");
                return;
            }
            await next(context);
        }));
        app.MapPost(FullCollectionPath, () =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return TypedResults.Ok(new { heapBytes = GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes });
        }).DisableAntiforgery();
        app.MapPrometheusScrapingEndpoint(Path);
        return app;
    }

    /// <summary>
    /// Staff anywhere; anyone else only from this machine and not through a proxy, since a reverse proxy on the same host
    /// would make every visitor look local.
    /// </summary>
    internal static bool MayRead(HttpContext context)
    {
        var user = context.User;
        if (PlatformRoles.All.Any(user.IsInRole))
        {
            return true;
        }
        var remote = context.Connection.RemoteIpAddress;
        return remote is not null && IPAddress.IsLoopback(remote)
            && !context.Request.Headers.ContainsKey("X-Forwarded-For") && !context.Request.Headers.ContainsKey("Forwarded");
    }
}
