using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using Platform.Core.Payments;
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
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var gatewayEvent in gateway.Events.ReadAllAsync(stoppingToken))
        {
            _ = DeliverAsync(gatewayEvent, stoppingToken);
        }
    }

    private async Task DeliverAsync(GatewayEvent gatewayEvent, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(gatewayEvent, GatewayWebhook.Json);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(BaseUrl()), GatewayWebhook.Path))
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(options.Value.WebhookSecret, body, clock.GetUtcNow()));
                using var response = await httpClients.CreateClient(nameof(SimulatedGatewayDispatcher)).SendAsync(request, ct);
                if (response.IsSuccessStatusCode)
                {
                    gateway.Acknowledge(gatewayEvent);
                    return;
                }
                logger.LogWarning("Webhook {EventId} answered {Status} (attempt {Attempt})", gatewayEvent.Id, (int)response.StatusCode, attempt + 1);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Webhook {EventId} could not be delivered (attempt {Attempt})", gatewayEvent.Id, attempt + 1);
            }
            if (attempt >= Backoff.Length)
            {
                logger.LogError("Webhook {EventId} given up after {Attempts} attempts", gatewayEvent.Id, attempt + 1);
                return;
            }
            await Task.Delay(Backoff[attempt], ct);
        }
    }

    // The server's own address first: the webhook is a local call even when App:PublicUrl points at a proxy.
    private string BaseUrl() =>
        ServerAddress.Local(server, preferPlainHttp: true)
        ?? (string.IsNullOrEmpty(configuration["App:PublicUrl"]) ? "http://localhost:5000" : configuration["App:PublicUrl"]!);
}
