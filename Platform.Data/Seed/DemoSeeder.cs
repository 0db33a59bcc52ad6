using Bogus;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Access;
using Platform.Core.Tenancy;
using Platform.Data.Identity;

namespace Platform.Data;

/// <summary>Demo data for the embedded default: staff, a gym with two locations, a clinic, a charity, donors and creators.</summary>
public sealed class DemoSeeder(
    PlatformDbContext db,
    UserManager<PlatformUser> users,
    ITenantContext tenant,
    TimeProvider clock,
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
        using var _ = tenant.AcrossTenants("demo seed");
        var now = clock.GetUtcNow();
        var faker = new Faker { Random = new Randomizer(20261122) };

        await UserAsync("admin@platform.test", "Avery Admin", PlatformRoles.PlatformAdmin);
        await UserAsync("support@platform.test", "Sam Support", PlatformRoles.Support);

        var gymOwner = await UserAsync("owner@northside.test", "Olivia Northside");
        var gymManager = await UserAsync("manager@northside.test", faker.Name.FullName());
        var gymStaff = await UserAsync("staff@northside.test", faker.Name.FullName());
        var gym = Organization("Northside Fitness", "northside-fitness", OrganizationKind.Gym, "America/New_York", now);
        gym.Activate(Plans.Growth);
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
        charity.Activate(Plans.Starter);
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
        logger.LogInformation("Seeded demo data; every demo login uses the password {Password}", Password);
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
        var result = await users.CreateAsync(user, Password);
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
