using System.Collections.Concurrent;

namespace Platform.Tests.Support;

/// <summary>
/// Runs work as a Blazor Server circuit does: every continuation on one thread, in the order posted, so operations started
/// together interleave at each await exactly as a page's components do.
/// </summary>
public sealed class CircuitContext : SynchronizationContext, IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Thread _thread;

    private CircuitContext()
    {
        _thread = new Thread(() =>
        {
            SetSynchronizationContext(this);
            foreach (var (callback, state) in _queue.GetConsumingEnumerable())
            {
                callback(state);
            }
        }) { IsBackground = true, Name = "circuit" };
        _thread.Start();
    }

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("A circuit never blocks on itself.");

    /// <summary>Runs <paramref name="work"/> on a fresh single-threaded context and waits for it.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        using var context = new CircuitContext();
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        context.Post(async _ =>
        {
            try
            {
                done.SetResult(await work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }, null);
        return await done.Task;
    }

    public void Dispose() => _queue.CompleteAdding();
}
