using Bogus;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Giving;
using Platform.Core.Payments;
using Platform.Core.Tenancy;
using Platform.Data.Identity;

namespace Platform.Data;

/// <summary>Demo data for the embedded default: staff, a gym with two locations, a clinic, a charity, donors and creators.</summary>
public sealed class DemoSeeder(
    PlatformDbContext db,
    UserManager<PlatformUser> users,
    ITenantContext tenant,
    TimeProvider clock,
    IServiceProvider services,
    ILogger<DemoSeeder> logger)
{
    public const string Password = "Demo!pass1";

    public static IReadOnlyList<(string Email, string Role)> Logins { get; } =
    [
        ("admin@platform.test", "Platform admin (/admin)"),
        ("support@platform.test", "Support staff (/admin)"),
        ("owner@northside.test", "Gym owner, both locations (/merchant)"),
        ("manager@northside.test", "Gym manager (/merchant)"),
        ("staff@northside.test", "Gym staff, Riverside only (/merchant)"),
        ("owner@harborclinic.test", "Clinic owner (/merchant)"),
        ("owner@openhands.test", "Charity owner (/merchant)"),
        ("donor@example.test", "Donor (/donor)"),
        ("creator@example.test", "Creator (/creator)"),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        var charityId = await SeedOrganizationsAsync(ct);
        await SeedGivingAsync(charityId, ct);
        logger.LogInformation("Seeded demo data; every demo login uses the password {Password}", Password);
    }

    private async Task<Guid> SeedOrganizationsAsync(CancellationToken ct)
    {
        using var _ = tenant.WritingAcrossTenants("demo seed");
        var now = clock.GetUtcNow();
        var faker = new Faker { Random = new Randomizer(20261122) };

        await UserAsync("admin@platform.test", "Avery Admin", PlatformRoles.PlatformAdmin);
        await UserAsync("support@platform.test", "Sam Support", PlatformRoles.Support);

        var gymOwner = await UserAsync("owner@northside.test", "Olivia Northside");
        var gymManager = await UserAsync("manager@northside.test", faker.Name.FullName());
        var gymStaff = await UserAsync("staff@northside.test", faker.Name.FullName());
        var gym = Organization("Northside Fitness", "northside-fitness", OrganizationKind.Gym, "America/New_York", now);
        gym.Activate(Plans.Growth, now);
        var downtown = new Location(gym.Id, "Downtown", faker.Address.StreetAddress() + ", New York", "America/New_York");
        var riverside = new Location(gym.Id, "Riverside", faker.Address.StreetAddress() + ", New York", "America/New_York");
        db.Locations.AddRange(downtown, riverside);
        Member(gym, gymOwner, MembershipRole.Owner, now);
        Member(gym, gymManager, MembershipRole.Manager, now);
        Member(gym, gymStaff, MembershipRole.Staff, now, riverside.Id);

        var clinicOwner = await UserAsync("owner@harborclinic.test", "Hannah Harbor");
        var clinic = Organization("Harbor Clinic", "harbor-clinic", OrganizationKind.Clinic, "Europe/London", now);
        clinic.SetRegional("Europe/London", "GBP");
        db.Locations.Add(new Location(clinic.Id, "Harbor Street", faker.Address.StreetAddress() + ", Bristol", "Europe/London"));
        Member(clinic, clinicOwner, MembershipRole.Owner, now);

        var charityOwner = await UserAsync("owner@openhands.test", "Oscar Openhands");
        var charity = Organization("Open Hands Foundation", "open-hands", OrganizationKind.Charity, "America/Chicago", now);
        charity.Activate(Plans.Starter, now);
        charity.SetCharityDetails("EIN 36-4820193", taxDeductible: true,
            "Open Hands Foundation is a tax-exempt organization under section 501(c)(3). No goods or services were provided in exchange for these contributions.");
        db.Locations.Add(new Location(charity.Id, "Field office", faker.Address.StreetAddress() + ", Chicago", "America/Chicago"));
        Member(charity, charityOwner, MembershipRole.Owner, now);

        await UserAsync("donor@example.test", faker.Name.FullName());
        await UserAsync("creator@example.test", faker.Name.FullName());
        for (var i = 0; i < 3; i++)
        {
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            await UserAsync(faker.Internet.Email(first, last, "example.test").ToLowerInvariant(), $"{first} {last}");
        }
        var studioOwner = await UserAsync("studio@example.test", faker.Name.FullName());
        var studio = Organization("Momentum Signals", "momentum-signals", OrganizationKind.CreatorStudio, "UTC", now);
        Member(studio, studioOwner, MembershipRole.Owner, now);

        await db.SaveChangesAsync(ct);
        return charity.Id;
    }

    /// <summary>Programs, families and a few real gifts through the giving service, so the ledger and receipts are genuine.</summary>
    private async Task SeedGivingAsync(Guid charityId, CancellationToken ct)
    {
        var faker = new Faker { Random = new Randomizer(20261123) };
        var gateway = services.GetRequiredService<SimulatedGateway>();
        var giving = services.GetRequiredService<GivingService>();
        var journeys = services.GetRequiredService<JourneyService>();
        var donor = await users.FindByEmailAsync("donor@example.test");
        List<CharityProgram> programs;
        List<Family> families;
        using (tenant.ForOrganization(charityId))
        {
            var office = await db.Locations.SingleAsync(ct);
            var now = clock.GetUtcNow();
            programs =
            [
                Program(charityId, office.Id, now, "Winter food boxes", "A month of staples for a family through the coldest weeks.", 25_000m, "South Side"),
                Program(charityId, office.Id, now, "School kits", "Backpacks, books and supplies for the new school year.", 8_000m, "West Side"),
                Program(charityId, office.Id, now, "Warm homes", "Heating repairs and blankets for elderly neighbours.", 15_000m, "North Side"),
            ];
            families = Enumerable.Range(0, 8).Select(_ =>
            {
                var family = new Family(charityId, office.Id);
                family.Update(new FamilyInput(office.Id, $"Family {faker.Name.LastName()[0]}.", faker.PickRandom("South Side", "West Side", "North Side"),
                    41.85 + faker.Random.Double(-0.1, 0.1), -87.65 + faker.Random.Double(-0.1, 0.1), faker.Random.Int(1, 7)));
                return family;
            }).ToList();
            db.Programs.AddRange(programs);
            db.Families.AddRange(families);
            await db.SaveChangesAsync(ct);
        }

        var gifts = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var mine = i < 3 && donor is not null;
            var name = mine ? donor!.DisplayName : faker.Name.FullName();
            var email = mine ? donor!.Email! : faker.Internet.Email(provider: "example.test").ToLowerInvariant();
            var outcome = await giving.GiveAsync(new GiveRequest(programs[i % programs.Count].Id, faker.PickRandom(10m, 25m, 50m, 100m, 250m),
                new CardDetails(SimulatedGateway.Succeeds, 12, clock.GetUtcNow().Year + 2, "123"),
                new GiftDetails(email, name, faker.Address.FullAddress(), CoverFee: i % 3 == 0, Anonymous: i % 5 == 4, null, mine ? donor!.Id : null),
                // The charity's id makes the key this database's own: the simulated gateway's journal outlives a database
                // that is deleted and seeded again, and would answer a repeated key with the first database's charge.
                $"demo-seed-{charityId:N}-{i}", [JourneyStage.Allocated, JourneyStage.Delivered], Monthly: mine && i == 0), ct);
            gifts.Add(outcome.Value!.DonationId);
        }
        // Applied here, as the webhook would apply them, and acknowledged as the webhook's answer would: otherwise the
        // gateway's journal holds them as undelivered, and every later start posts them all again.
        while (gateway.Events.TryRead(out var gatewayEvent))
        {
            await giving.ApplyGatewayEventAsync(gatewayEvent, ct);
            gateway.Acknowledge(gatewayEvent);
        }
        using (tenant.ForOrganization(charityId))
        {
            for (var i = 0; i < 6; i++)
            {
                await journeys.AdvanceAsync(gifts[i], new AdvanceInput(JourneyStage.Allocated, "Matched with a family on our list.", "Field office", null, null,
                    families[i % families.Count].Id), ct);
            }
            await journeys.AdvanceAsync(gifts[0], new AdvanceInput(JourneyStage.Purchased, "Groceries bought at the co-op.", "Co-op market", null, null, null), ct);
        }
    }

    private static CharityProgram Program(Guid charityId, Guid locationId, DateTimeOffset now, string name, string description, decimal goal, string region)
    {
        var program = new CharityProgram(charityId, locationId, now);
        program.Update(new ProgramInput(locationId, name, description, goal, "USD", region, null));
        return program;
    }

    private Organization Organization(string name, string slug, OrganizationKind kind, string timeZone, DateTimeOffset now)
    {
        var org = new Organization(name, slug, kind, now, timeZone);
        db.Organizations.Add(org);
        return org;
    }

    private void Member(Organization org, PlatformUser user, MembershipRole role, DateTimeOffset now, params Guid[] locations)
    {
        db.Memberships.Add(new Membership(org.Id, user.Id, role, locations, now));
        user.ActiveOrganizationId ??= org.Id;
    }

    // Every demo account has the same password: hashing it once (a salted PBKDF2 of 100,000 rounds) instead of once per
    // account takes most of a second off the first start.
    private string? _passwordHash;

    private async Task<PlatformUser> UserAsync(string email, string name, string? role = null)
    {
        var user = new PlatformUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            CreatedAt = clock.GetUtcNow(),
        };
        user.PasswordHash = _passwordHash ??= users.PasswordHasher.HashPassword(user, Password);
        var result = await users.CreateAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Seeding {email} failed: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
        if (role is not null)
        {
            await users.AddToRoleAsync(user, role);
        }
        return user;
    }
}
