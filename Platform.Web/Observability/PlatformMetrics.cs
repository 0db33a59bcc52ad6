using System.Diagnostics.Metrics;

namespace Platform.Web.Observability;

/// <summary>
/// The application's own instruments, on the meter <see cref="MeterName"/> beside the framework's (ASP.NET Core, Kestrel,
/// SignalR, Blazor circuits, the runtime). Static, as the framework's own meters are: one process, one set of counters.
/// </summary>
public static class PlatformMetrics
{
    public const string MeterName = "Platform";

    private static readonly Meter Meter = new(MeterName);

    // Declared so that the fields are created on the first call of any member (no beforefieldinit), EnsureCreated included.
    static PlatformMetrics()
    {
    }

    /// <summary>Creates the instruments now, so a scrape before the first circuit or gift already lists them.</summary>
    public static void EnsureCreated()
    {
    }

    /// <summary>Interactive circuits this node holds now (connected or waiting for their browser to come back).</summary>
    public static readonly UpDownCounter<long> CircuitsOpen =
        Meter.CreateUpDownCounter<long>("platform.circuits.open", "{circuit}", "Blazor circuits open on this node");

    public static readonly Counter<long> GiftsSucceeded =
        Meter.CreateCounter<long>("platform.gifts.succeeded", "{gift}", "Gifts whose charge succeeded on this node");

    /// <summary>
    /// The managed heap as the last full blocking collection left it: what live objects really hold, without the garbage
    /// a gen-0 reading would include. The capacity harness forces that collection (<see cref="MetricsEndpoints"/>) and
    /// reads this before and after opening circuits.
    /// </summary>
    public static readonly ObservableGauge<long> HeapAfterFullCollection =
        Meter.CreateObservableGauge("platform.gc.heap_after_full_gc", () => GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes,
            "By", "Managed heap size after the last full blocking garbage collection");
}
