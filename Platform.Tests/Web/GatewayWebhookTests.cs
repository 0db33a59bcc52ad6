using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;
using Platform.Core.Giving;
using Platform.Core.Payments;
using Platform.Core.Tenancy;
using Platform.Web.Payments;

namespace Platform.Tests.Web;

/// <summary>The webhook endpoint over HTTP: only fresh, correctly signed events count, and each counts once.</summary>
public sealed class GatewayWebhookTests(HostFactory factory) : IClassFixture<HostFactory>
{
    private const string Secret = HostFactory.WebhookSecret;

    [Fact]
    public async Task ABadOrStaleSignatureIsRefusedAndAGoodEventIsAppliedOnce()
    {
        var (donationId, chargeId) = await PendingGiftAsync();
        var body = JsonSerializer.Serialize(new GatewayEvent("evt_" + Guid.NewGuid().ToString("N"), GatewayEvent.ChargeSucceeded, chargeId, 20m, "USD",
            null, DateTimeOffset.UtcNow), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var client = factory.CreateClient();

        (await PostAsync(client, body, WebhookSignature.Sign("wrong-secret", body, DateTimeOffset.UtcNow))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PostAsync(client, body, WebhookSignature.Sign(Secret, body, DateTimeOffset.UtcNow.AddMinutes(-6)))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PostAsync(client, body, null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await StatusAsync(donationId)).ShouldBe(DonationStatus.Pending);

        (await PostAsync(client, body, WebhookSignature.Sign(Secret, body, DateTimeOffset.UtcNow))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostAsync(client, body, WebhookSignature.Sign(Secret, body, DateTimeOffset.UtcNow))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await StatusAsync(donationId)).ShouldBe(DonationStatus.Succeeded);
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        (await db.JournalEntries.CountAsync(e => e.Reference == $"donation:{donationId}")).ShouldBe(1);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, GatewayWebhook.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add(WebhookSignature.Header, signature);
        }
        return client.SendAsync(request);
    }

    private async Task<(Guid DonationId, string ChargeId)> PendingGiftAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        Guid programId;
        using (services.GetRequiredService<ITenantContext>().WritingAcrossTenants("test arrangement"))
        {
            await using var db = await services.GetRequiredService<IPlatformDbFactory>().CreateAsync();
            programId = await db.Programs.Select(p => p.Id).FirstAsync();
        }
        var outcome = await services.GetRequiredService<GivingService>().GiveAsync(new GiveRequest(programId, 20m,
            new CardDetails(SimulatedGateway.Succeeds, 12, 2030, "123"),
            new GiftDetails("webhook@donor.test", "Web Hook", "1 Test Road", false, false, null, null), Guid.NewGuid().ToString()));
        using (services.GetRequiredService<ITenantContext>().WritingAcrossTenants("test arrangement"))
        {
            await using var db = await services.GetRequiredService<IPlatformDbFactory>().CreateAsync();
            var chargeId = await db.Donations.Where(d => d.Id == outcome.Value!.DonationId).Select(d => d.ChargeId).SingleAsync();
            return (outcome.Value!.DonationId, chargeId!);
        }
    }

    private async Task<DonationStatus> StatusAsync(Guid donationId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().AcrossTenants("test assertion");
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        return await db.Donations.Where(d => d.Id == donationId).Select(d => d.Status).SingleAsync();
    }
}
