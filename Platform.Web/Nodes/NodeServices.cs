using Platform.Core.Common;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        services.AddSingleton(options);
        services.AddRedis(options.Configuration);
        services.AddSingleton(new SharedEvents(typeof(EventBus).Assembly));
        services.AddSingleton<ThisNode>();
        services.AddSingleton<IEventRelay, RedisEventRelay>();
        services.AddHostedService<RedisEventListener>();
        return services;
    }

    /// <summary>
    /// The deployment's one connection to Redis, shared by events between nodes and Hangfire's storage: registered once,
    /// by whichever needs it first.
    /// </summary>
    public static IServiceCollection AddRedis(this IServiceCollection services, string configuration)
    {
        ConfigurationOptions redis;
        try
        {
            redis = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Redis:Configuration is not a StackExchange.Redis connection string: {e.Message}", e);
        }
        if (!configuration.Contains("abortConnect", StringComparison.OrdinalIgnoreCase))
        {
            // A node starts, and keeps going, while Redis restarts; the client reconnects and resubscribes by itself.
            redis.AbortOnConnectFail = false;
        }
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        return services;
    }
}
