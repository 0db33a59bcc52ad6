using Platform.Core.Common;
using StackExchange.Redis;

namespace Platform.Web.Nodes;

public static class NodeServices
{
    /// <summary>
    /// With <c>Redis:Configuration</c> set, registers the deployment's one <see cref="IConnectionMultiplexer"/> and sends
    /// the events that travel through Redis pub/sub, so a page open on one node hears what happened on another. Without
    /// it the node stands alone and events stay in the process.
    /// </summary>
    public static IServiceCollection AddEventsBetweenNodes(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            return services;
        }
        ConfigurationOptions redis;
        try
        {
            redis = ConfigurationOptions.Parse(options.Configuration);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Redis:Configuration is not a StackExchange.Redis connection string: {e.Message}", e);
        }
        if (!options.Configuration.Contains("abortConnect", StringComparison.OrdinalIgnoreCase))
        {
            // A node starts, and keeps going, while Redis restarts; the client reconnects and resubscribes by itself.
            redis.AbortOnConnectFail = false;
        }
        services.AddSingleton(options);
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        services.AddSingleton(new SharedEvents(typeof(EventBus).Assembly));
        services.AddSingleton<ThisNode>();
        services.AddSingleton<IEventRelay, RedisEventRelay>();
        services.AddHostedService<RedisEventListener>();
        return services;
    }
}
