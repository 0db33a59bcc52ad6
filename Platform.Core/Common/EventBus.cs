using System.Collections.Concurrent;

namespace Platform.Core.Common;

/// <summary>
/// In-process events (a gift succeeded, a journey moved, a job made progress) that open pages subscribe to
/// for live updates. Handlers run after the change is committed; a failing handler never fails the publisher.
/// With a relay (several nodes), an event published here is also sent to the other nodes, and what they send is
/// delivered here through <see cref="DeliverFromElsewhereAsync"/>.
/// </summary>
public sealed class EventBus(IEventRelay? relay = null)
{
    private readonly ConcurrentDictionary<Type, ConcurrentDictionary<Guid, Func<object, Task>>> _handlers = new();

    public IDisposable Subscribe<TEvent>(Func<TEvent, Task> handler)
    {
        var id = Guid.NewGuid();
        _handlers.GetOrAdd(typeof(TEvent), _ => new())[id] = e => handler((TEvent)e);
        return new Subscription(() => _handlers[typeof(TEvent)].TryRemove(id, out _));
    }

    public async Task PublishAsync<TEvent>(TEvent @event) where TEvent : notnull
    {
        await DeliverAsync(typeof(TEvent), @event);
        if (relay is not null)
        {
            try
            {
                await relay.RelayAsync(typeof(TEvent), @event);
            }
            catch (Exception)
            {
                // The change is committed and this node's pages know; the relay logs its own failures.
            }
        }
    }

    /// <summary>An event another node published: delivered to this node's subscribers only, never relayed again.</summary>
    public Task DeliverFromElsewhereAsync(Type type, object @event) => DeliverAsync(type, @event);

    private async Task DeliverAsync(Type type, object @event)
    {
        if (!_handlers.TryGetValue(type, out var handlers))
        {
            return;
        }
        foreach (var handler in handlers.Values)
        {
            try
            {
                await handler(@event);
            }
            catch (Exception)
            {
                // A subscriber's failure (a closed page) is its own problem.
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
