using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Core.Giving;
using Platform.Core.Payments;

namespace Platform.Web.Payments;

/// <summary>The "Gateway" configuration section.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The secret shared with the gateway for webhook signatures: required outside the embedded demo, which makes its own (<see cref="Payments.WebhookSecret"/>).</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>
    /// Where the simulated gateway keeps its saved cards, answers and undelivered events between runs (its side of
    /// the world, not our database). Empty: in memory only.
    /// </summary>
    public string JournalPath { get; set; } = "";
}

/// <summary>
/// POST /webhooks/gateway: the gateway's signed callbacks. A bad or stale signature is refused with 400 before the
/// body is even parsed; a good event is applied once (a repeat changes nothing) and answered 200.
/// </summary>
public static class GatewayWebhook
{
    public const string Path = "/webhooks/gateway";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapGatewayWebhook(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, async (HttpRequest request, IOptions<GatewayOptions> options, TimeProvider clock,
            GivingService giving, ILogger<GivingService> logger, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync(ct);
            var signature = WebhookSignature.Verify(options.Value.WebhookSecret, request.Headers[WebhookSignature.Header], body, clock.GetUtcNow());
            if (!signature.Succeeded)
            {
                logger.LogWarning("Gateway webhook refused: {Reason}", signature.Summary);
                return Results.BadRequest(new { error = signature.Summary });
            }
            GatewayEvent? gatewayEvent;
            try
            {
                gatewayEvent = JsonSerializer.Deserialize<GatewayEvent>(body, Json);
            }
            catch (JsonException)
            {
                gatewayEvent = null;
            }
            if (gatewayEvent is null)
            {
                return Results.BadRequest(new { error = "The event could not be read." });
            }
            var applied = await giving.ApplyGatewayEventAsync(gatewayEvent, ct);
            return applied.Succeeded ? Results.Ok() : Results.UnprocessableEntity(new { error = applied.Summary });
        }).DisableAntiforgery().AllowAnonymous();
}
