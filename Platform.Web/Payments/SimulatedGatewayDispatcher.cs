using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using Platform.Core.Payments;
using Polly;
using Polly.Retry;
using Platform.Web.Messaging;

namespace Platform.Web.Payments;

/// <summary>
/// Plays the simulated gateway's side of the webhook: takes its events and POSTs them, signed, to this app's own
/// endpoint over HTTP, retrying with back-off while the app answers with an error, as a real gateway does.
/// </summary>
internal sealed class SimulatedGatewayDispatcher(
    SimulatedGateway gateway,
    IServer server,
    IConfiguration configuration,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    IHttpClientFactory httpClients,
    ILogger<SimulatedGatewayDispatcher> logger) : BackgroundService
{
    /// <summary>The waits between attempts: one first try, then one retry after each of these.</summary>
    internal static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    private static readonly ResiliencePropertyKey<string> EventId = new("gateway-event");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delivery = DeliveryPipeline(clock, logger);
        await foreach (var gatewayEvent in gateway.Events.ReadAllAsync(stoppingToken))
        {
            _ = DeliverAsync(delivery, gatewayEvent, stoppingToken);
        }
    }

    /// <summary>
    /// Retries an error answer, a refused connection or a timed-out request after each wait in <see cref="Backoff"/>,
    /// on <paramref name="clock"/>; stopping the app ends it at once. What the last attempt got is returned as it is.
    /// </summary>
    internal static ResiliencePipeline<HttpResponseMessage> DeliveryPipeline(TimeProvider clock, ILogger logger) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Backoff.Length,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Backoff[Math.Min(args.AttemptNumber, Backoff.Length - 1)]),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Result: { } response } => !response.IsSuccessStatusCode,
                    { Exception: HttpRequestException } => true,
                    { Exception: TaskCanceledException } => !args.Context.CancellationToken.IsCancellationRequested,
                    _ => false,
                }),
                OnRetry = args =>
                {
                    var id = args.Context.Properties.GetValue(EventId, "?");
                    if (args.Outcome.Result is { } response)
                    {
                        logger.LogWarning("Webhook {EventId} answered {Status} (attempt {Attempt})", id, (int)response.StatusCode, args.AttemptNumber + 1);
                        response.Dispose();
                    }
                    else
                    {
                        logger.LogWarning(args.Outcome.Exception, "Webhook {EventId} could not be delivered (attempt {Attempt})", id, args.AttemptNumber + 1);
                    }
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    private async Task DeliverAsync(ResiliencePipeline<HttpResponseMessage> delivery, GatewayEvent gatewayEvent, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(gatewayEvent, GatewayWebhook.Json);
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(EventId, gatewayEvent.Id);
        try
        {
            var outcome = await delivery.ExecuteOutcomeAsync(async (context, _) =>
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(BaseUrl()), GatewayWebhook.Path))
                    {
                        Content = new StringContent(body, Encoding.UTF8, "application/json"),
                    };
                    // Signed afresh on each attempt: the signature carries its time, and a receiver refuses an old one.
                    request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(options.Value.WebhookSecret, body, clock.GetUtcNow()));
                    var response = await httpClients.CreateClient(nameof(SimulatedGatewayDispatcher)).SendAsync(request, context.CancellationToken);
                    return Outcome.FromResult(response);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return Outcome.FromException<HttpResponseMessage>(e);
                }
            }, context, 0);
            using var last = outcome.Result;
            if (last is { IsSuccessStatusCode: true })
            {
                gateway.Acknowledge(gatewayEvent);
            }
            else if (!ct.IsCancellationRequested)
            {
                logger.LogError(outcome.Exception, "Webhook {EventId} given up after {Attempts} attempts", gatewayEvent.Id, Backoff.Length + 1);
            }
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // The server's own address first: the webhook is a local call even when App:PublicUrl points at a proxy.
    private string BaseUrl() =>
        ServerAddress.Local(server, preferPlainHttp: true)
        ?? (string.IsNullOrEmpty(configuration["App:PublicUrl"]) ? "http://localhost:5000" : configuration["App:PublicUrl"]!);
}
