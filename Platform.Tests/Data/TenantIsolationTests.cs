using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Data.Interceptors;
using Platform.Data.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class TenantIsolationTests
{
    private sealed record World(TestDatabase Db, Guid Gym, Guid Clinic, Guid Downtown, Guid Riverside, Guid Harbor);

    private static async Task<World> ArrangeAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var owner = await db.CreateUserAsync("owner@gym.test");
        await using var scope = db.Scope();
        var organizations = scope.ServiceProvider.GetRequiredService<OrganizationService>();
        var gym = (await organizations.CreateAsync("Gym", "gym", OrganizationKind.Gym, owner.Id)).Value!;
        var clinic = (await organizations.CreateAsync("Clinic", "clinic", OrganizationKind.Clinic, owner.Id)).Value!;
        var tenant = scope.ServiceProvider.GetRequiredService<ITenantContext>();
        var locations = scope.ServiceProvider.GetRequiredService<LocationService>();
        Guid downtown, riverside, harbor;
        using (tenant.ForOrganization(gym.Id))
        {
            downtown = (await locations.CreateAsync(new LocationInput("Downtown", null, "UTC"))).Value!.Id;
            riverside = (await locations.CreateAsync(new LocationInput("Riverside", null, "UTC"))).Value!.Id;
        }
        using (tenant.ForOrganization(clinic.Id))
        {
            harbor = (await locations.CreateAsync(new LocationInput("Harbor", null, "UTC"))).Value!.Id;
        }
        return new World(db, gym.Id, clinic.Id, downtown, riverside, harbor);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task MemberSeesOnlyTheirOrganizationsLocations(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var member = w.Db.As(w.Gym, MembershipRole.Manager);

        var visible = await member.Get<LocationService>().ListAsync();

        visible.Select(l => l.Name).Order().ShouldBe(["Downtown", "Riverside"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ReadingAnotherTenantsRowByIdFindsNothing(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var member = w.Db.As(w.Gym, MembershipRole.Owner);
        await using var db = await member.Get<IPlatformDbFactory>().CreateAsync();

        (await db.Locations.AnyAsync(l => l.Id == w.Harbor)).ShouldBeFalse();
        (await db.Organizations.Select(o => o.Name).ToListAsync()).ShouldBe(["Gym"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task NoTenantMeansNoTenantData(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var scope = w.Db.Scope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();

        (await db.Locations.CountAsync()).ShouldBe(0);
        (await db.Memberships.CountAsync()).ShouldBe(0);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task UpdatingAnotherTenantsRowIsRefused(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var scope = w.Db.Scope();
        var tenant = (TenantContext)scope.ServiceProvider.GetRequiredService<ITenantContext>();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        Location harbor;
        using (tenant.AcrossTenants("test: load a clinic row"))
        {
            harbor = await db.Locations.SingleAsync(l => l.Id == w.Harbor);
        }
        using var member = tenant.Act(new TenantMember(w.Gym, MembershipRole.Owner, null));
        harbor.Update("Hijacked", null, "UTC");

        await Should.ThrowAsync<TenantViolationException>(() => db.SaveChangesAsync());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task CreatingARowForAnotherTenantIsRefused(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var member = w.Db.As(w.Gym, MembershipRole.Owner);
        await using var db = await member.Get<IPlatformDbFactory>().CreateAsync();
        db.Locations.Add(new Location(w.Clinic, "Planted", null, "UTC"));

        await Should.ThrowAsync<TenantViolationException>(() => db.SaveChangesAsync());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task NewRowsAreStampedWithTheCurrentTenant(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var member = w.Db.As(w.Clinic, MembershipRole.Owner);

        var created = await member.Get<LocationService>().CreateAsync(new LocationInput("Annex", null, "UTC"));

        created.Value!.OrganizationId.ShouldBe(w.Clinic);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task LocationRestrictedMemberSeesOnlyTheirLocation(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var member = w.Db.As(w.Gym, MembershipRole.Staff, [w.Riverside]);

        var visible = await member.Get<LocationService>().ListAsync();

        visible.Select(l => l.Id).ShouldBe([w.Riverside]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task LocationRestrictedManagerCannotCreateLocations(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var member = w.Db.As(w.Gym, MembershipRole.Manager, [w.Riverside]);

        var result = await member.Get<LocationService>().CreateAsync(new LocationInput("Sneaky", null, "UTC"));

        result.Succeeded.ShouldBeFalse();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ASaveForSeveralOrganizationsWritesEachOnesRows(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var scope = w.Db.Scope();
        var tenant = scope.ServiceProvider.GetRequiredService<ITenantContext>();
        await using (var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync())
        {
            db.Locations.Add(new Location(w.Gym, "Uptown", null, "UTC"));
            db.Locations.Add(new Location(w.Clinic, "Quayside", null, "UTC"));
            using (tenant.ForOrganizations([w.Gym, w.Clinic]))
            {
                await db.SaveChangesAsync();
            }
        }

        await using var check = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        using (tenant.AcrossTenants("test: read both organizations' locations"))
        {
            (await check.Locations.Where(l => l.Name == "Uptown" || l.Name == "Quayside").Select(l => new { l.Name, l.OrganizationId })
                .OrderBy(l => l.Name).ToListAsync())
                .ShouldBe([new { Name = "Quayside", OrganizationId = w.Clinic }, new { Name = "Uptown", OrganizationId = w.Gym }]);
        }
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ASaveForSeveralOrganizationsRefusesARowOfAnotherOne(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var scope = w.Db.Scope();
        var tenant = scope.ServiceProvider.GetRequiredService<ITenantContext>();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        db.Locations.Add(new Location(w.Gym, "Uptown", null, "UTC"));
        db.Locations.Add(new Location(w.Clinic, "Planted", null, "UTC"));
        using var several = tenant.ForOrganizations([w.Gym]);

        var refused = await Should.ThrowAsync<TenantViolationException>(() => db.SaveChangesAsync());

        refused.Message.ShouldContain("outside the save's");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ASaveForSeveralOrganizationsRefusesARowThatNamesNone(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var scope = w.Db.Scope();
        var tenant = scope.ServiceProvider.GetRequiredService<ITenantContext>();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        db.Locations.Add(new Location(Guid.Empty, "Nowhere", null, "UTC"));
        using var several = tenant.ForOrganizations([w.Gym, w.Clinic]);

        var refused = await Should.ThrowAsync<TenantViolationException>(() => db.SaveChangesAsync());

        refused.Message.ShouldContain("must name its own");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ASaveForSeveralOrganizationsSeesNoTenantData(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var scope = w.Db.Scope();
        var tenant = scope.ServiceProvider.GetRequiredService<ITenantContext>();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        using var several = tenant.ForOrganizations([w.Gym, w.Clinic]);

        (await db.Locations.CountAsync()).ShouldBe(0);
    }
}
