using System.Collections.Concurrent;

namespace Platform.Core.Common;

/// <summary>
/// In-process events (a gift succeeded, a journey moved, a job made progress) that open pages subscribe to
/// for live updates. Handlers run after the change is committed; a failing handler never fails the publisher.
/// </summary>
public sealed class EventBus
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
        if (!_handlers.TryGetValue(typeof(TEvent), out var handlers))
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
