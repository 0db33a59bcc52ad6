using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.Circuits;

/// <summary>
/// One person's page, without a browser: the prerendered page's component markers, a WebSocket to <c>/_blazor</c> with
/// the Blazor hub protocol (blazorpack: SignalR over MessagePack), the circuit started and its root components added as blazor.web.js does, every render
/// batch acknowledged, JS interop calls answered, and browser events dispatched through the renderer's interop object.
/// </summary>
public sealed partial class SimulatedCircuit(Uri baseUri, string route, string cookieHeader) : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<ulong, EventHandlerInfo> _handlers = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<object?>> _invocations = new();
    private int _nextInvocation;
    private long _rendererObjectId = -1;
    private TaskCompletionSource<long>? _awaitingRender;
    private readonly TaskCompletionSource _firstRender = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _receiving;

    public string? CircuitId { get; private set; }
    public string? Error { get; private set; }
    public bool IsOpen => _socket.State == WebSocketState.Open && Error is null;

    public async Task StartAsync(HttpClient http, CancellationToken ct)
    {
        var html = await http.GetStringAsync(new Uri(baseUri, route), ct);
        var markers = Markers().Matches(html).Select(m => JsonNode.Parse(m.Groups["json"].Value)!.AsObject())
            .Where(m => m["type"]?.GetValue<string>() == "server" && m["descriptor"] is not null).ToList();
        if (markers.Count == 0)
        {
            throw new InvalidOperationException($"{route} has no interactive server components (signed out?)");
        }
        var state = ApplicationState().Match(html) is { Success: true } s ? s.Groups["state"].Value : "";

        var ws = new UriBuilder(new Uri(baseUri, "_blazor")) { Scheme = baseUri.Scheme == "https" ? "wss" : "ws" }.Uri;
        _socket.Options.SetRequestHeader("Cookie", cookieHeader);
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(ws, ct);
        await SendRawAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"blazorpack\",\"version\":1}" + RecordSeparator), ct);
        _receiving = Task.Run(() => ReceiveLoopAsync(CancellationToken.None), CancellationToken.None);

        var secret = await InvokeAsync("StartCircuit", ct, new Uri(baseUri, "/").ToString(), new Uri(baseUri, route).ToString(), "[]", state);
        CircuitId = secret as string;
        if (CircuitId is null)
        {
            throw new InvalidOperationException("the server refused to start the circuit");
        }
        var operations = new JsonArray();
        var ssrId = 1;
        foreach (var marker in markers)
        {
            marker["uniqueId"] = ssrId - 1;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = ssrId++, ["marker"] = marker.DeepClone() });
        }
        var batch = new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString();
        await SendAsync("UpdateRootComponents", ct, batch, state);
        await _firstRender.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        _ = Task.Run(PingLoopAsync, CancellationToken.None);
    }

    /// <summary>
    /// Pings every 10 seconds as blazor.web.js does (every 15): the server drops a connection it has heard nothing from
    /// for 30, and answering only its own pings leaves too little margin once the machine is busy.
    /// </summary>
    private async Task PingLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        while (await timer.WaitForNextTickAsync() && IsOpen)
        {
            await SendRawAsync(BlazorPack.PingMessage(), CancellationToken.None);
        }
    }

    /// <summary>The latest handler for <paramref name="eventName"/> on an element whose label contains <paramref name="label"/>.</summary>
    public EventHandlerInfo? Find(string eventName, string label) =>
        _handlers.Values.Where(h => h.EventName == eventName && h.Label.Contains(label, StringComparison.OrdinalIgnoreCase))
            .MaxBy(h => h.Id);

    /// <summary>Dispatches the event and returns the time until the render batch that answers it.</summary>
    public async Task<TimeSpan?> DispatchAsync(EventHandlerInfo handler, JsonObject eventArgs, JsonObject? fieldInfo, CancellationToken ct)
    {
        if (Interlocked.Read(ref _rendererObjectId) < 0)
        {
            throw new InvalidOperationException("the renderer's interop object never arrived");
        }
        var answered = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaitingRender = answered;
        var descriptor = new JsonObject { ["eventHandlerId"] = handler.Id, ["eventName"] = handler.EventName, ["eventFieldInfo"] = fieldInfo };
        var args = new JsonArray { descriptor, eventArgs }.ToJsonString();
        var started = Stopwatch.GetTimestamp();
        var callId = Interlocked.Increment(ref _nextInvocation).ToString();
        await SendAsync("BeginInvokeDotNetFromJS", ct, callId, null, "DispatchEventAsync", _rendererObjectId, args);
        try
        {
            var ended = await answered.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            return Stopwatch.GetElapsedTime(started, ended);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var pending = new MemoryStream();
        var handshaken = false;
        var messages = new List<object?[]>();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Error ??= $"closed by the server: {result.CloseStatusDescription}";
                    break;
                }
                pending.Write(buffer, 0, result.Count);
                var data = pending.GetBuffer().AsMemory(0, (int)pending.Length);
                var offset = 0;
                if (!handshaken)
                {
                    var end = data.Span.IndexOf((byte)RecordSeparator);
                    if (end < 0)
                    {
                        continue;
                    }
                    // The handshake's answer is JSON even in a binary protocol: {} or {"error": ...}.
                    using var answer = JsonDocument.Parse(data[..end]);
                    if (answer.RootElement.TryGetProperty("error", out var refused))
                    {
                        Error ??= $"handshake refused: {refused.GetString()}";
                        break;
                    }
                    handshaken = true;
                    offset = end + 1;
                }
                messages.Clear();
                offset += BlazorPack.ReadMessages(data.Span[offset..], messages);
                var rest = data[offset..].ToArray();
                pending.SetLength(0);
                pending.Write(rest);
                foreach (var message in messages)
                {
                    await HandleAsync(message);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidDataException)
        {
            Error ??= e.Message;
        }
        finally
        {
            _firstRender.TrySetException(new InvalidOperationException(Error ?? "connection ended"));
            foreach (var waiting in _invocations.Values)
            {
                waiting.TrySetException(new InvalidOperationException(Error ?? "connection ended"));
            }
        }
    }

    private async Task HandleAsync(object?[] message)
    {
        switch (message[0] is long type ? type : -1)
        {
            case BlazorPack.Invocation:
                await OnInvocationAsync(message[3] as string, message[4] as object?[] ?? []);
                break;
            case BlazorPack.Completion:
                if (message[2] is string id && _invocations.TryRemove(id, out var waiting))
                {
                    if (message[3] is 1L)
                    {
                        waiting.TrySetException(new InvalidOperationException(message[4] as string));
                    }
                    else
                    {
                        waiting.TrySetResult(message.Length > 4 ? message[4] : null);
                    }
                }
                break;
            case BlazorPack.Close:
                Error ??= message.Length > 1 && message[1] is string closeError ? $"closed: {closeError}" : "closed by the server";
                break;
        }
    }

    private async Task OnInvocationAsync(string? target, object?[] arguments)
    {
        switch (target)
        {
            case "JS.RenderBatch":
                var batchId = (long)arguments[0]!;
                var bytes = (byte[])arguments[1]!;
                var (added, disposed) = RenderBatchReader.Read(bytes);
                foreach (var handler in added)
                {
                    _handlers[handler.Id] = handler;
                }
                foreach (var id in disposed)
                {
                    _handlers.TryRemove(id, out _);
                }
                _awaitingRender?.TrySetResult(Stopwatch.GetTimestamp());
                await SendAsync("OnRenderCompleted", CancellationToken.None, batchId, null);
                _firstRender.TrySetResult();
                break;
            case "JS.BeginInvokeJS":
                var asyncHandle = arguments[0] is long handle ? handle : 0;
                var identifier = arguments[1] as string;
                var argsJson = arguments[2] as string;
                var resultType = arguments.Length > 3 && arguments[3] is long kind ? kind : 0;
                if (identifier == "Blazor._internal.attachWebRendererInterop" && argsJson is not null)
                {
                    foreach (var arg in JsonDocument.Parse(argsJson).RootElement.EnumerateArray())
                    {
                        if (arg.ValueKind == JsonValueKind.Object && arg.TryGetProperty("__dotNetObject", out var objectId))
                        {
                            Interlocked.Exchange(ref _rendererObjectId, objectId.GetInt64());
                        }
                    }
                }
                if (asyncHandle != 0)
                {
                    // A browser would run the script; the server only needs an answer of the right shape.
                    JsonNode? result = resultType == 1 ? new JsonObject { ["__jsObjectId"] = asyncHandle } : null;
                    var answer = new JsonArray { asyncHandle, true, result }.ToJsonString();
                    await SendAsync("EndInvokeJSFromDotNet", CancellationToken.None, asyncHandle, true, answer);
                }
                break;
            case "JS.Error":
                Error ??= arguments[0] as string;
                break;
        }
    }

    private async Task<object?> InvokeAsync(string target, CancellationToken ct, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _nextInvocation).ToString();
        var waiting = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[id] = waiting;
        await SendRawAsync(BlazorPack.Invoke(id, target, arguments), ct);
        return await waiting.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
    }

    private Task SendAsync(string target, CancellationToken ct, params object?[] arguments) =>
        SendRawAsync(BlazorPack.Invoke(null, target, arguments), ct);

    private async Task SendRawAsync(byte[] bytes, CancellationToken ct)
    {
        await _sendLock.WaitAsync(ct);
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, ct);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes as a tab does: the disconnect beacon first, so the server disposes the circuit at once.</summary>
    public async Task CloseAsync(HttpClient http)
    {
        if (CircuitId is not null)
        {
            try
            {
                using var form = new MultipartFormDataContent { { new StringContent(CircuitId), "circuitId" } };
                (await http.PostAsync(new Uri(baseUri, "_blazor/disconnect"), form)).Dispose();
            }
            catch (HttpRequestException)
            {
            }
        }
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (_receiving is not null)
        {
            await _receiving.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        }
        _sendLock.Dispose();
    }

    [GeneratedRegex("<!--Blazor:(?<json>\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex Markers();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(?<state>[A-Za-z0-9+/=]+)-->")]
    private static partial Regex ApplicationState();
}
