using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;
using Platform.Core.Giving;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Data.Interceptors;
using Platform.Data.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

/// <summary>
/// One scope serving several operations at once, as a Blazor Server circuit serves every component of a page: each
/// operation keeps the tenant it acts for, however their awaits interleave. SQLite completes its "async" calls at once and
/// hides interleaving; PostgreSQL does not.
/// </summary>
public sealed class TenantConcurrencyTests
{
    private sealed record World(TestDatabase Db, Guid Owner, Guid Gym, Guid Clinic, Guid Harbor);

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
        using (tenant.ForOrganization(gym.Id))
        {
            await locations.CreateAsync(new LocationInput("Downtown", null, "UTC"));
        }
        Guid harbor;
        using (tenant.ForOrganization(clinic.Id))
        {
            harbor = (await locations.CreateAsync(new LocationInput("Harbor", null, "UTC"))).Value!.Id;
        }
        return new World(db, owner.Id, gym.Id, clinic.Id, harbor);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task APageBodyListedWhileItsHeaderReadsTheUsersOrganizationsSeesOnlyItsOwnTenant(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var page = w.Db.As(w.Gym, MembershipRole.Owner);
        var switcher = page.Get<MembershipDirectory>();
        var locations = page.Get<LocationService>();

        var seen = await CircuitContext.RunAsync(async () =>
        {
            var renders = new List<string>();
            for (var render = 0; render < 20; render++)
            {
                var header = switcher.ForUserAsync(w.Owner);
                var body = locations.ListAsync();
                await Task.WhenAll(header, body);
                (await header).Select(m => m.OrganizationName).ShouldBe(["Clinic", "Gym"]);
                renders.Add(string.Join(", ", (await body).Select(l => l.Name)));
            }
            return renders;
        });

        seen.ShouldAllBe(names => names == "Downtown");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AQueryRunWhileAnotherOperationHoldsTheFiltersLiftedIsStillFiltered(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var page = w.Db.As(w.Gym, MembershipRole.Owner);
        var tenant = page.Get<ITenantContext>();
        var locations = page.Get<LocationService>();
        var released = new TaskCompletionSource();

        var seen = await CircuitContext.RunAsync(async () =>
        {
            async Task StaffToolAsync()
            {
                using (tenant.AcrossTenants("test: a lift held across an await"))
                {
                    await released.Task;
                }
            }
            async Task SystemWorkAsync()
            {
                using (tenant.ForOrganization(w.Clinic))
                {
                    await released.Task;
                }
            }
            var lifted = StaffToolAsync();
            var actingForTheClinic = SystemWorkAsync();
            var body = await locations.ListAsync();
            tenant.IsAcrossTenants.ShouldBeFalse();
            tenant.OrganizationId.ShouldBe(w.Gym);
            released.SetResult();
            await Task.WhenAll(lifted, actingForTheClinic);
            return body.Select(l => l.Name).ToList();
        });

        seen.ShouldBe(["Downtown"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ParallelWorkersEachKeepTheOrganizationTheyActFor(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var scope = w.Db.Scope();
        var tenant = scope.ServiceProvider.GetRequiredService<ITenantContext>();
        var locations = scope.ServiceProvider.GetRequiredService<LocationService>();

        async Task<string[]> ListForAsync(Guid organization)
        {
            using var __ = tenant.ForOrganization(organization);
            var names = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                await Task.Yield();
                names.AddRange((await locations.ListAsync()).Select(l => l.Name));
            }
            return names.Distinct().ToArray();
        }
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => ListForAsync(i % 2 == 0 ? w.Gym : w.Clinic))));

        results.Where((_, i) => i % 2 == 0).ShouldAllBe(names => names.SequenceEqual(new[] { "Downtown" }));
        results.Where((_, i) => i % 2 == 1).ShouldAllBe(names => names.SequenceEqual(new[] { "Harbor" }));
        tenant.OrganizationId.ShouldBeNull();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AWriteInsideALiftIsStillCheckedAgainstTheOrganizationActedFor(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        await using var page = w.Db.As(w.Gym, MembershipRole.Owner);
        using var lift = page.Get<ITenantContext>().AcrossTenants("test: a staff read that then writes");
        await using var db = await page.Get<IPlatformDbFactory>().CreateAsync();
        var harbor = await db.Locations.SingleAsync(l => l.Id == w.Harbor);
        harbor.Update("Hijacked", null, "UTC");

        await Should.ThrowAsync<TenantViolationException>(() => db.SaveChangesAsync());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task APersonSeesTheirOwnMembershipsAndOrganizationsAndNoOtherTenantData(DatabaseProvider provider)
    {
        var w = await ArrangeAsync(provider);
        await using var _ = w.Db;
        var stranger = await w.Db.CreateUserAsync("stranger@elsewhere.test");
        await using (var scope = w.Db.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<OrganizationService>()
                .CreateAsync("Elsewhere", "elsewhere", OrganizationKind.Gym, stranger.Id);
        }
        await using var person = w.Db.Scope();
        using var own = person.ServiceProvider.GetRequiredService<ITenantContext>().ForPerson(w.Owner);
        await using var db = await person.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();

        (await db.Memberships.Select(m => m.UserId).Distinct().ToListAsync()).ShouldBe([w.Owner]);
        (await db.Organizations.Select(o => o.Name).OrderBy(n => n).ToListAsync()).ShouldBe(["Clinic", "Gym"]);
        (await db.Locations.CountAsync()).ShouldBe(0);
        (await db.Payouts.CountAsync()).ShouldBe(0);
    }
}
