using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;
using Platform.Core.Giving;
using Platform.Core.Payments;
using Platform.Core.Tenancy;

namespace Platform.Tests.Web;

public sealed class DemoSeedTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("platform-seed-").FullName;

    [Fact]
    public async Task ADatabaseDeletedAndSeededAgainBesideTheSameGatewayJournalGetsItsDemoGiftsConfirmed()
    {
        // The embedded default keeps the simulated gateway's journal beside the database, and a person who deletes only
        // the database to start over keeps the journal, with the first seed's charges under their keys.
        var journal = Path.Combine(_folder, "gateway.jsonl");
        foreach (var database in new[] { "first.db", "second.db" })
        {
            await using var host = Host(database, journal);
            using var scope = host.Services.CreateScope();
            using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().AcrossTenants("test: every demo gift");
            await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
            var statuses = await db.Donations.Select(d => d.Status).ToListAsync();

            statuses.ShouldNotBeEmpty(database);
            statuses.ShouldAllBe(s => s == DonationStatus.Succeeded, database);
        }
    }

    [Fact]
    public async Task TheDemoSeedLeavesNoEventInTheGatewaysJournalForTheNextStartToPostAgain()
    {
        var journal = Path.Combine(_folder, "gateway.jsonl");
        await using (var host = Host("demo.db", journal))
        {
            _ = host.Services; // starts the app, which migrates and seeds
        }

        // What the next start would find waiting in the journal: the events the seed applied are marked delivered.
        using var reopened = new SimulatedGatewayJournal(journal);
        var gateway = new SimulatedGateway(TimeProvider.System, reopened);
        File.ReadLines(journal).ShouldContain(line => line.Contains("\"kind\":\"charge\""), "the seed's charges are in the journal");
        gateway.Events.Count.ShouldBe(0);
    }

    private WebApplicationFactory<Program> Host(string database, string journal) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(_folder, database)};Pooling=False");
        b.UseSetting("Email:OutboxPath", Path.Combine(_folder, "mail"));
        b.UseSetting("Gateway:JournalPath", journal);
        b.UseSetting("Gateway:WebhookSecret", HostFactory.WebhookSecret);
        b.UseSetting("Jobs:Enabled", "false");
    });

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
