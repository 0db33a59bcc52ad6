using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Platform.Web.Payments;
using Polly;

namespace Platform.Tests.Unit;

/// <summary>How the simulated gateway retries a webhook: once at first, then after 0.2 s, 1 s, 5 s and 30 s, then gives up.</summary>
public sealed class GatewayDeliveryPipelineTests
{
    private readonly FakeTimeProvider _clock = new();
    private int _attempts;

    [Fact]
    public async Task AnErrorAnswerIsTriedFiveTimesAfterEachBackOffAndTheLastAnswerIsReturned()
    {
        var delivery = Run(_ => HttpStatusCode.InternalServerError);
        await AttemptsReachAsync(1);

        foreach (var (wait, attempts) in new[] { (200, 2), (1_000, 3), (5_000, 4), (30_000, 5) })
        {
            _clock.Advance(TimeSpan.FromMilliseconds(wait - 1));
            await Task.Delay(50);
            _attempts.ShouldBe(attempts - 1, $"no attempt before the {wait} ms wait is over");
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            await AttemptsReachAsync(attempts);
        }

        var outcome = await delivery.WaitAsync(TimeSpan.FromSeconds(10));
        outcome.Result!.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        _clock.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(50);
        _attempts.ShouldBe(5);
    }

    [Fact]
    public async Task ARefusedConnectionIsRetriedAndTheFirstSuccessEndsTheDelivery()
    {
        var delivery = Run(attempt => attempt == 1 ? throw new HttpRequestException("refused") : HttpStatusCode.OK);
        await AttemptsReachAsync(1);
        _clock.Advance(Backoff(0));

        (await delivery.WaitAsync(TimeSpan.FromSeconds(10))).Result!.StatusCode.ShouldBe(HttpStatusCode.OK);
        _clock.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(50);
        _attempts.ShouldBe(2);
    }

    [Fact]
    public async Task AClientErrorIsRetriedToo()
    {
        var delivery = Run(attempt => attempt < 3 ? HttpStatusCode.BadRequest : HttpStatusCode.NoContent);
        await AttemptsReachAsync(1);
        _clock.Advance(Backoff(0));
        await AttemptsReachAsync(2);
        _clock.Advance(Backoff(1));

        (await delivery.WaitAsync(TimeSpan.FromSeconds(10))).Result!.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        _attempts.ShouldBe(3);
    }

    private static TimeSpan Backoff(int i) => SimulatedGatewayDispatcher.Backoff[i];

    private Task<Outcome<HttpResponseMessage>> Run(Func<int, HttpStatusCode> answer) =>
        SimulatedGatewayDispatcher.DeliveryPipeline(_clock, NullLogger.Instance).ExecuteOutcomeAsync((_, _) =>
        {
            try
            {
                return ValueTask.FromResult(Outcome.FromResult(new HttpResponseMessage(answer(Interlocked.Increment(ref _attempts)))));
            }
            catch (HttpRequestException e)
            {
                return ValueTask.FromResult(Outcome.FromException<HttpResponseMessage>(e));
            }
        }, ResilienceContextPool.Shared.Get(), 0).AsTask();

    // The retry runs on a timer of the fake clock; its continuation may land on another thread a moment later.
    private async Task AttemptsReachAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref _attempts) < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        _attempts.ShouldBe(count);
    }
}
