using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Tests.Support;
using Platform.Web.Nodes;
using StackExchange.Redis;

namespace Platform.Tests.Web;

/// <summary>
/// Nodes that share a Redis server hear each other's events through pub/sub, on the real Redis server ./test.sh starts; each
/// test talks on channels of its own.
/// </summary>
public sealed class EventsBetweenNodesTests
{
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";

    [Fact]
    public async Task AJourneyMovedOnOneNodeReachesTheOtherNodesPagesAndIsNotEchoedBackToItsOwn()
    {
        await using var a = await Node.StartAsync(_prefix);
        await using var b = await Node.StartAsync(_prefix);
        var onA = new Inbox<JourneyAdvanced>(a.Bus);
        var onB = new Inbox<JourneyAdvanced>(b.Bus);
        var moved = new JourneyAdvanced(Guid.CreateVersion7(), Guid.CreateVersion7(), JourneyStage.Purchased);
        var then = moved with { Stage = JourneyStage.InTransit };

        await a.Bus.PublishAsync(moved);
        (await onB.NextAsync()).ShouldBe(moved);
        await b.Bus.PublishAsync(then);

        // Redis delivers one channel's messages in order: had A heard its own event back, it would have come before B's.
        (await onA.NextAsync()).ShouldBe(moved);
        (await onA.NextAsync()).ShouldBe(then);
        (await onB.NextAsync()).ShouldBe(then);
        onA.Waiting.ShouldBe(0);
        onB.Waiting.ShouldBe(0);
    }

    [Fact]
    public async Task ANodeIgnoresMessagesItCannotReadAndGoesOnDeliveringTheNextEvent()
    {
        await using var a = await Node.StartAsync(_prefix);
        await using var b = await Node.StartAsync(_prefix);
        var onB = new Inbox<DonationSucceeded>(b.Bus);
        var channel = RedisChannel.Literal(_prefix + "events");
        string[] malformed =
        [
            "not json at all",
            "{}",
            """{"node":"elsewhere","type":"System.Diagnostics.Process","event":{}}""",
            """{"node":"elsewhere","type":"donation-succeeded","event":{"donationId":"not a guid"}}""",
            """{"node":"elsewhere","type":"donation-succeeded","event":{"donationId":"0190a000-0000-7000-8000-000000000001"}}""",
            """{"node":"elsewhere","type":"donation-succeeded","event":null}""",
            """{"node":"elsewhere","type":"donation-succeeded","event":[1,2,3]}""",
        ];
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.RequireRedis());
        foreach (var message in malformed)
        {
            await redis.GetSubscriber().PublishAsync(channel, message);
        }
        var good = new DonationSucceeded(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());

        await a.Bus.PublishAsync(good);

        (await onB.NextAsync()).ShouldBe(good);
        onB.Waiting.ShouldBe(0);
        b.Logs.Lines.Count(l => l.Message.StartsWith("Ignored a message")).ShouldBe(malformed.Length);
    }

    [Fact]
    public async Task ANodeWhoseRedisIsAwayStartsAndItsPagesStillHearWhatHappensOnIt()
    {
        // Nothing listens on port 1: the node connects in the background and keeps trying.
        await using var alone = await Node.StartAsync(_prefix, "127.0.0.1:1,connectTimeout=500,asyncTimeout=1000,syncTimeout=1000");
        var inbox = new Inbox<JourneyAdvanced>(alone.Bus);
        var moved = new JourneyAdvanced(Guid.CreateVersion7(), Guid.CreateVersion7(), JourneyStage.Delivered);

        await alone.Bus.PublishAsync(moved);

        (await inbox.NextAsync()).ShouldBe(moved);
        alone.Logs.Lines.ShouldContain(l => l.Message.Contains("cannot subscribe"));
    }

    [Fact]
    public async Task TheAppWithRedisConfiguredSendsItsEventsToTheOtherNodesThroughOneConnection()
    {
        await using var host = new HostFactory();
        await using var app = host.WithWebHostBuilder(b =>
        {
            b.UseSetting("Redis:Configuration", TestEnvironment.RequireRedis());
            b.UseSetting("Redis:ChannelPrefix", _prefix);
        });
        await using var other = await Node.StartAsync(_prefix);
        var onOther = new Inbox<DonationSucceeded>(other.Bus);
        var gift = new DonationSucceeded(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());

        await app.Services.GetRequiredService<EventBus>().PublishAsync(gift);

        // The demo seeded at start published gifts of its own; this one arrives among them.
        (await onOther.NextAsync(e => e.DonationId == gift.DonationId)).ShouldBe(gift);
        app.Services.GetServices<IConnectionMultiplexer>().Count().ShouldBe(1);
    }

    [Fact]
    public async Task WithoutRedisTheAppHasNoConnectionAndItsEventsStayInTheProcess()
    {
        await using var app = new HostFactory();
        var bus = app.Services.GetRequiredService<EventBus>();
        var inbox = new Inbox<DonationSucceeded>(bus);
        var gift = new DonationSucceeded(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());

        await bus.PublishAsync(gift);

        (await inbox.NextAsync(e => e.DonationId == gift.DonationId)).ShouldBe(gift);
        app.Services.GetService<IConnectionMultiplexer>().ShouldBeNull();
        app.Services.GetService<IEventRelay>().ShouldBeNull();
    }

    /// <summary>What one node of a deployment has for events: its bus and the Redis relay and listener, as the app registers them.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private Node(ServiceProvider services, CapturedLogs logs) => (_services, Logs) = (services, logs);

        public EventBus Bus => _services.GetRequiredService<EventBus>();

        public CapturedLogs Logs { get; }

        public static async Task<Node> StartAsync(string prefix, string? redis = null)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Redis:Configuration"] = redis ?? TestEnvironment.RequireRedis(),
                ["Redis:ChannelPrefix"] = prefix,
            }).Build();
            var logs = new CapturedLogs();
            var services = new ServiceCollection()
                .AddLogging(l => l.AddProvider(logs))
                .AddSingleton<EventBus>()
                .AddEventsBetweenNodes(configuration)
                .BuildServiceProvider();
            foreach (var hosted in services.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }
            return new Node(services, logs);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var hosted in _services.GetServices<IHostedService>())
            {
                await hosted.StopAsync(CancellationToken.None);
            }
            await _services.DisposeAsync();
        }
    }

    /// <summary>What a page subscribed to one kind of event has heard, in order.</summary>
    private sealed class Inbox<TEvent>
    {
        private readonly Channel<TEvent> _heard = Channel.CreateUnbounded<TEvent>();

        public Inbox(EventBus bus) => bus.Subscribe<TEvent>(e => _heard.Writer.WriteAsync(e).AsTask());

        public int Waiting => _heard.Reader.Count;

        public async Task<TEvent> NextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await _heard.Reader.ReadAsync(timeout.Token);
        }

        /// <summary>The next event that matches, passing over the others.</summary>
        public async Task<TEvent> NextAsync(Func<TEvent, bool> match)
        {
            while (true)
            {
                if (await NextAsync() is var heard && match(heard))
                {
                    return heard;
                }
            }
        }
    }
}
