using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Circuits;

// N simulated people, each on their own circuit, on one route of a running app on this machine. They sign in (one
// account, one sign-in: the circuits are what is measured, not the sign-in limits), open the page, sit idle while the
// app's heap is read, then each dispatches the event a person would every think-time until the duration is up.
var options = Options.Parse(args);
if (!IPAddress.TryParse(options.Base.Host, out var host) ? options.Base.Host != "localhost" : !IPAddress.IsLoopback(host))
{
    Console.Error.WriteLine("The circuit client runs against this machine only (loopback).");
    return 2;
}

var jar = new CookieContainer();
using var signIn = new HttpClient(new SocketsHttpHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = options.Base };
if (options.Email is not null)
{
    var login = await signIn.GetStringAsync("/Account/Login");
    var token = WebUtility.HtmlDecode(Regex.Match(login, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
    var response = await signIn.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["_handler"] = "login", ["Input.Email"] = options.Email, ["Input.Password"] = options.Password, ["__RequestVerificationToken"] = token,
    }));
    if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.ToString().Contains("/Account/Login") == true)
    {
        Console.Error.WriteLine($"Signing in as {options.Email} failed ({(int)response.StatusCode}).");
        return 1;
    }
}
var cookie = jar.GetCookieHeader(options.Base);
using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = options.Base, Timeout = TimeSpan.FromSeconds(120),
};
http.DefaultRequestHeaders.Add("Cookie", cookie);

var heapBefore = await Metrics.HeapAfterFullCollectionAsync(http);
var circuitsBefore = await Metrics.ReadAsync(http, "platform_circuits_open");
var circuits = new ConcurrentBag<SimulatedCircuit>();
var failures = new ConcurrentDictionary<string, int>();
var opening = Stopwatch.StartNew();
using (var gate = new SemaphoreSlim(options.OpenConcurrency))
{
    var perStart = options.Users > 1 ? options.Ramp / options.Users : TimeSpan.Zero;
    var starts = Enumerable.Range(0, options.Users).Select(async i =>
    {
        await Task.Delay(perStart * i);
        await gate.WaitAsync();
        var circuit = new SimulatedCircuit(options.Base, options.Route, cookie);
        try
        {
            await circuit.StartAsync(http, CancellationToken.None);
            circuits.Add(circuit);
        }
        catch (Exception e)
        {
            failures.AddOrUpdate(Short(e.Message), 1, (_, n) => n + 1);
            await circuit.DisposeAsync();
        }
        finally
        {
            gate.Release();
        }
    });
    await Task.WhenAll(starts);
}
var openSeconds = opening.Elapsed.TotalSeconds;
await Task.Delay(TimeSpan.FromSeconds(3));
var heapAfter = await Metrics.HeapAfterFullCollectionAsync(http);
var circuitsAfter = await Metrics.ReadAsync(http, "platform_circuits_open");
var open = circuits.Count;
var perCircuit = open == 0 ? 0 : (heapAfter - heapBefore) / open;
Console.WriteLine($"opened {open}/{options.Users} circuits on {options.Route} in {openSeconds:F1} s; server reports {circuitsAfter - circuitsBefore:F0} more open");
foreach (var (reason, count) in failures)
{
    Console.WriteLine($"  failed to open {count}: {reason}");
}
Console.WriteLine($"heap after full GC: {heapBefore / 1024.0 / 1024:F1} MB -> {heapAfter / 1024.0 / 1024:F1} MB, {perCircuit / 1024.0:F0} KB per idle circuit");

// Events: each person waits a think time (half to one and a half of the mean), dispatches, waits for the answer.
var latencies = new ConcurrentBag<double>();
var unanswered = 0;
var missing = 0;
var serverCpu = Cpu.Of(options.ServerPid);
var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
using (var stop = new CancellationTokenSource(options.Duration))
{
    var people = circuits.Select(async (circuit, i) =>
    {
        var random = new Random(i);
        while (!stop.IsCancellationRequested && circuit.IsOpen)
        {
            try
            {
                await Task.Delay(options.Think * (0.5 + random.NextDouble()), stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var handler = circuit.Find(options.EventName, options.EventLabel);
            if (handler is null)
            {
                Interlocked.Increment(ref missing);
                continue;
            }
            var elapsed = await circuit.DispatchAsync(handler, options.EventArgs(), options.FieldInfo(), CancellationToken.None);
            if (elapsed is { } e)
            {
                latencies.Add(e.TotalMilliseconds);
            }
            else
            {
                Interlocked.Increment(ref unanswered);
            }
        }
    });
    await Task.WhenAll(people);
}
var seconds = clock.Elapsed.TotalSeconds;
var serverCpuPercent = Cpu.Of(options.ServerPid) is { } after && serverCpu is { } before ? (after - before).TotalSeconds / seconds * 100 : double.NaN;
var clientCpuPercent = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds / seconds * 100;
var sorted = latencies.Order().ToArray();
double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
var stillOpen = circuits.Count(c => c.IsOpen);
Console.WriteLine($"{sorted.Length} events in {seconds:F0} s ({sorted.Length / seconds:F1}/s), {unanswered} unanswered, {missing} without the handler; " +
    $"{stillOpen}/{open} circuits still open");
Console.WriteLine($"UI round trip p50 {Percentile(0.50):F0} ms, p95 {Percentile(0.95):F0} ms, p99 {Percentile(0.99):F0} ms; " +
    $"server CPU {serverCpuPercent:F0}% client CPU {clientCpuPercent:F0}% (of {Environment.ProcessorCount * 100}%)");
foreach (var circuit in circuits.Where(c => c.Error is not null).GroupBy(c => Short(c.Error!)).Take(5))
{
    Console.WriteLine($"  {circuit.Count()} circuits ended: {circuit.Key}");
}
var summary = new JsonObject
{
    ["route"] = options.Route, ["users"] = options.Users, ["opened"] = open, ["heapBeforeBytes"] = heapBefore, ["heapAfterBytes"] = heapAfter,
    ["bytesPerIdleCircuit"] = perCircuit, ["events"] = sorted.Length, ["unanswered"] = unanswered, ["p50"] = Percentile(0.5),
    ["p95"] = Percentile(0.95), ["p99"] = Percentile(0.99), ["serverCpuPercent"] = serverCpuPercent, ["clientCpuPercent"] = clientCpuPercent,
    ["stillOpen"] = stillOpen, ["load"] = File.ReadAllText("/proc/loadavg").Trim(),
};
if (options.Out is not null)
{
    File.AppendAllText(options.Out, summary.ToJsonString() + Environment.NewLine);
}

await Parallel.ForEachAsync(circuits, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (circuit, _) =>
{
    await circuit.CloseAsync(http);
    await circuit.DisposeAsync();
});
return 0;

static string Short(string message) => message.Length > 160 ? message[..160] : message;

internal sealed record Options(Uri Base, string Route, string? Email, string Password, int Users, TimeSpan Ramp, TimeSpan Duration,
    TimeSpan Think, string EventName, string EventLabel, string? EventValue, int? ServerPid, int OpenConcurrency, string? Out)
{
    public static Options Parse(string[] args)
    {
        var map = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            map[args[i].TrimStart('-')] = args[i + 1];
        }
        string Get(string key, string fallback) => map.TryGetValue(key, out var v) ? v : fallback;
        double Seconds(string key, double fallback) => double.Parse(Get(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        // --event click:Toggle navigation   or   --event change:Search=winter
        var ev = Get("event", "click:Toggle navigation");
        var (name, rest) = (ev[..ev.IndexOf(':')], ev[(ev.IndexOf(':') + 1)..]);
        var (label, value) = rest.Contains('=') ? (rest[..rest.IndexOf('=')], rest[(rest.IndexOf('=') + 1)..]) : (rest, (string?)null);
        return new Options(new Uri(Get("base", "http://127.0.0.1:5080")), Get("route", "/donor"), map.GetValueOrDefault("email"),
            Get("password", "Demo!pass1"), int.Parse(Get("users", "100")), TimeSpan.FromSeconds(Seconds("ramp", 10)),
            TimeSpan.FromSeconds(Seconds("duration", 30)), TimeSpan.FromSeconds(Seconds("think", 5)), name, label, value,
            map.TryGetValue("server-pid", out var pid) ? int.Parse(pid) : null, int.Parse(Get("open-concurrency", "8")), map.GetValueOrDefault("out"));
    }

    public JsonObject EventArgs() => EventName switch
    {
        "click" => new JsonObject { ["detail"] = 1, ["button"] = 0, ["buttons"] = 0, ["ctrlKey"] = false, ["shiftKey"] = false, ["altKey"] = false,
            ["metaKey"] = false, ["type"] = "click" },
        _ => new JsonObject { ["value"] = EventValue ?? "" },
    };

    public JsonObject? FieldInfo() => null;
}

internal static class Metrics
{
    /// <summary>Asks the app for a full collection, then reads the heap it left from the app's own metrics.</summary>
    public static async Task<long> HeapAfterFullCollectionAsync(HttpClient http)
    {
        (await http.PostAsync("/metrics/full-gc", null)).EnsureSuccessStatusCode();
        return (long)await ReadAsync(http, "platform_gc_heap_after_full_gc");
    }

    public static async Task<double> ReadAsync(HttpClient http, string name)
    {
        var text = await http.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        if (line is null)
        {
            return 0;
        }
        // name{labels} value [timestamp]
        var value = (line.Contains('}') ? line[(line.IndexOf('}') + 1)..] : line[line.IndexOf(' ')..]).Trim().Split(' ')[0];
        return double.Parse(value, CultureInfo.InvariantCulture);
    }
}

internal static class Cpu
{
    /// <summary>User and system time of a process on this machine, from /proc (clock ticks of 10 ms).</summary>
    public static TimeSpan? Of(int? pid)
    {
        if (pid is null || !File.Exists($"/proc/{pid}/stat"))
        {
            return null;
        }
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ');
        return TimeSpan.FromMilliseconds((long.Parse(fields[11]) + long.Parse(fields[12])) * 10);
    }
}
