using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;
using Platform.Core.Giving;
using Platform.Core.Ledger;
using Platform.Core.Payments;
using Platform.Core.Tenancy;
using Platform.Data;

namespace Platform.Tests.Support;

/// <summary>A tax-deductible charity with a location, an open program and a family, on a real database.</summary>
public sealed class GivingWorld : IAsyncDisposable
{
    private GivingWorld(TestDatabase db) => Db = db;

    public TestDatabase Db { get; }
    public Guid Charity { get; private set; }
    public Guid FieldOffice { get; private set; }
    public Guid Program { get; private set; }
    public Guid Family { get; private set; }
    public Guid OtherCharity { get; private set; }
    public Guid OtherProgram { get; private set; }

    public SimulatedGateway Gateway => Db.Services.GetRequiredService<SimulatedGateway>();

    /// <summary>The world as of <paramref name="startsAt"/> (the test clock's usual start when not given).</summary>
    public static async Task<GivingWorld> CreateAsync(DatabaseProvider provider, DateTimeOffset? startsAt = null)
    {
        var world = new GivingWorld(await TestDatabase.CreateAsync(provider,
            startsAt is { } at ? services => services.AddSingleton(TestTime.Clock(at)) : null));
        var owner = await world.Db.CreateUserAsync("owner@charity.test");
        (world.Charity, world.FieldOffice, world.Program, world.Family) = await world.CharityAsync("Open Hands", "open-hands", owner.Id, taxDeductible: true);
        (world.OtherCharity, _, world.OtherProgram, _) = await world.CharityAsync("Far Shore", "far-shore", owner.Id, taxDeductible: false);
        return world;
    }

    private async Task<(Guid, Guid, Guid, Guid)> CharityAsync(string name, string slug, Guid ownerId, bool taxDeductible)
    {
        await using var scope = Db.Scope();
        var charity = (await scope.ServiceProvider.GetRequiredService<OrganizationService>()
            .CreateAsync(name, slug, OrganizationKind.Charity, ownerId)).Value!;
        await using var member = Db.As(charity.Id, MembershipRole.Owner);
        await using (var db = await member.Get<IPlatformDbFactory>().CreateAsync())
        {
            var org = await db.Organizations.SingleAsync();
            org.SetCharityDetails("CH-" + slug.ToUpperInvariant(), taxDeductible, "No goods or services were provided in exchange for these gifts.");
            await db.SaveChangesAsync();
        }
        var location = (await member.Get<LocationService>().CreateAsync(new LocationInput("Field office", null, "UTC"))).Value!.Id;
        var programs = member.Get<ProgramService>();
        var program = (await programs.SaveProgramAsync(null, new ProgramInput(location, "Winter food boxes", "Food for families in winter.", 10_000m, "USD", "North", null))).Value!.Id;
        var family = (await programs.SaveFamilyAsync(null, new FamilyInput(location, "Family A.", "North", 52.5, 13.4, 4))).Value!.Id;
        return (charity.Id, location, program, family);
    }

    public static GiftDetails Donor(string email = "dana@donor.test", Guid? userId = null) =>
        new(email, "Dana Donor", "1 Main Street, Springfield", CoverFee: false, Anonymous: false, Dedication: null, userId);

    public static CardDetails Card(string number = SimulatedGateway.Succeeds) => new(number, 12, 2030, "123");

    public async Task<GiveOutcome> GiveAsync(decimal amount, string card = SimulatedGateway.Succeeds, string? key = null,
        GiftDetails? donor = null, Guid? program = null, bool confirm = true, bool monthly = false)
    {
        await using var scope = Db.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<GivingService>()
            .GiveAsync(new GiveRequest(program ?? Program, amount, Card(card), donor ?? Donor(), key ?? Guid.NewGuid().ToString(),
                [JourneyStage.Allocated, JourneyStage.Delivered], monthly));
        result.Succeeded.ShouldBeTrue(result.Status.Summary);
        if (confirm)
        {
            await DeliverGatewayEventsAsync();
        }
        return result.Value!;
    }

    /// <summary>What the webhook endpoint does for each event the gateway sent; returns the events for replays.</summary>
    public async Task<List<GatewayEvent>> DeliverGatewayEventsAsync()
    {
        var delivered = new List<GatewayEvent>();
        while (Gateway.Events.TryRead(out var gatewayEvent))
        {
            await ApplyAsync(gatewayEvent);
            delivered.Add(gatewayEvent);
        }
        return delivered;
    }

    public async Task ApplyAsync(GatewayEvent gatewayEvent)
    {
        await using var scope = Db.Scope();
        (await scope.ServiceProvider.GetRequiredService<GivingService>().ApplyGatewayEventAsync(gatewayEvent)).Succeeded.ShouldBeTrue();
    }

    public Task<Donation> DonationAsync(Guid id) => Db.Services.ReadAllAsync(db => db.Donations.AsNoTracking().SingleAsync(d => d.Id == id));

    public async Task<decimal> BalanceAsync(string accountKey, string currency = "USD")
    {
        await using var scope = Db.Scope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        return (await scope.ServiceProvider.GetRequiredService<LedgerService>().BalanceAsync(db, accountKey, currency)).Amount;
    }

    public async Task<LedgerReport> CheckLedgerAsync()
    {
        await using var scope = Db.Scope();
        var report = await scope.ServiceProvider.GetRequiredService<LedgerCheck>().RunAsync();
        report.IsHealthy.ShouldBeTrue(report.ToString());
        return report;
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
