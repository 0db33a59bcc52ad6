using Platform.Core.Common;
using StackExchange.Redis;

namespace Platform.Web.Nodes;

/// <summary>The <c>Redis</c> section: where the nodes of one deployment meet.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis connection string, e.g. <c>redis:6379,password=…</c>; unset, a node stands alone.</summary>
    public string? Configuration { get; set; }

    /// <summary>Keeps deployments (or tests) that share one Redis server apart.</summary>
    public string ChannelPrefix { get; set; } = "platform:";

    public RedisChannel EventsChannel => RedisChannel.Literal(ChannelPrefix + "events");
}

/// <summary>This process among the deployment's nodes: how its own messages are told from the others'.</summary>
public sealed class ThisNode
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
}

/// <summary>Publishes the events that travel (see <see cref="SharedEvents"/>) on the deployment's Redis channel.</summary>
public sealed class RedisEventRelay(IConnectionMultiplexer redis, SharedEvents events, ThisNode node, RedisOptions options,
    ILogger<RedisEventRelay> logger) : IEventRelay
{
    public async Task RelayAsync(Type type, object @event)
    {
        if (events.Write(node.Id, type, @event) is not { } message)
        {
            return;
        }
        try
        {
            // Fire and forget: a save is never held up by Redis; while it is away the client keeps the message to send
            // on reconnecting, and pub/sub was never more than at-most-once anyway (a page that misses one reloads it).
            await redis.GetSubscriber().PublishAsync(options.EventsChannel, message, CommandFlags.FireAndForget);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not send {Event} to the other nodes", type.Name);
        }
    }
}

/// <summary>Delivers to this node's subscribers what the other nodes publish; a message it cannot read is logged and dropped.</summary>
public sealed class RedisEventListener(IConnectionMultiplexer redis, EventBus bus, SharedEvents events, ThisNode node,
    RedisOptions options, ILogger<RedisEventListener> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stopping = new();
    private ChannelMessageQueue? _queue;
    private Task _retrying = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before the node serves anything, so no page misses an event published right after it opens; but a
        // node whose Redis is away at start serves pages all the same and subscribes once Redis is back.
        if (!await TrySubscribeAsync())
        {
            _retrying = RetryAsync(_stopping.Token);
        }
    }

    private async Task RetryAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested && !await TrySubscribeAsync())
        {
            await Task.Delay(RetryEvery, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task<bool> TrySubscribeAsync()
    {
        try
        {
            _queue = await redis.GetSubscriber().SubscribeAsync(options.EventsChannel);
            // One message at a time, in the order sent, so a page sees a journey's steps in order.
            _queue.OnMessage(ReceiveAsync);
            logger.LogInformation("Node {Node} receives events from the other nodes on {Channel}", node.Id, options.EventsChannel);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogError(e, "Node {Node} cannot subscribe to {Channel} yet: pages here will not hear the other nodes until it can",
                node.Id, options.EventsChannel);
            return false;
        }
    }

    private async Task ReceiveAsync(ChannelMessage message)
    {
        try
        {
            if (!events.TryRead(message.Message.ToString(), out var received, out var problem))
            {
                logger.LogWarning("Ignored a message on {Channel}: {Problem}", message.Channel, problem);
                return;
            }
            if (received.Node == node.Id)
            {
                return; // this node's own subscribers had it when it was published
            }
            await bus.DeliverFromElsewhereAsync(received.Type, received.Event);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not deliver a message from {Channel}", message.Channel);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _retrying;
        if (_queue is not null)
        {
            await _queue.UnsubscribeAsync();
        }
    }

    public void Dispose() => _stopping.Dispose();
}
