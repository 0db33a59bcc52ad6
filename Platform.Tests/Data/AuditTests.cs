using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Audit;
using Platform.Core.Data;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Data.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class AuditTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ChangingAnEntityRecordsWhoAndOldAndNewValues(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var owner = await db.CreateUserAsync("owner@audit.test");
        await using var scope = db.Scope();
        scope.ServiceProvider.GetRequiredService<TestActor>().Actor = new AuditActor(owner.Id, owner.Email, null, "corr-1");
        var org = (await scope.ServiceProvider.GetRequiredService<OrganizationService>()
            .CreateAsync("Audit Gym", "audit-gym", OrganizationKind.Gym, owner.Id)).Value!;
        var tenant = (TenantContext)scope.ServiceProvider.GetRequiredService<ITenantContext>();
        using var member = tenant.Act(new TenantMember(org.Id, MembershipRole.Owner, null));
        var locations = scope.ServiceProvider.GetRequiredService<LocationService>();
        var location = (await locations.CreateAsync(new LocationInput("Old name", null, "UTC"))).Value!;

        (await locations.UpdateAsync(location.Id, new LocationInput("New name", null, "UTC"))).Succeeded.ShouldBeTrue();

        await using var read = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        var entry = await read.AuditEntries.SingleAsync(a => a.EntityId == location.Id.ToString() && a.Action == AuditActions.Updated);
        entry.UserId.ShouldBe(owner.Id);
        entry.OrganizationId.ShouldBe(org.Id);
        entry.CorrelationId.ShouldBe("corr-1");
        var name = JsonDocument.Parse(entry.Changes!).RootElement.GetProperty("Name");
        name.GetProperty("old").GetString().ShouldBe("Old name");
        name.GetProperty("new").GetString().ShouldBe("New name");
        entry.Changes!.ShouldNotContain("Address");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task UserChangesNeverRecordSecrets(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var user = await db.CreateUserAsync("secret@audit.test");

        await using var scope = db.Scope();
        await using var read = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        var created = await read.AuditEntries.SingleAsync(a => a.EntityId == user.Id.ToString() && a.Action == AuditActions.Created);
        created.Changes!.ShouldContain("secret@audit.test");
        created.Changes!.ShouldNotContain("PasswordHash");
        created.Changes!.ShouldNotContain("SecurityStamp");
        created.Changes!.ShouldNotContain(user.PasswordHash!);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AnEnumChangeIsRecordedByName(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var owner = await db.CreateUserAsync("status@audit.test");
        await using var scope = db.Scope();
        var organizations = scope.ServiceProvider.GetRequiredService<OrganizationService>();
        var org = (await organizations.CreateAsync("Status Gym", "status-gym", OrganizationKind.Gym, owner.Id)).Value!;

        (await organizations.SetStatusAsync(org.Id, OrganizationStatus.Suspended)).Succeeded.ShouldBeTrue();

        await using var read = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        var entry = await read.AuditEntries.Where(a => a.EntityId == org.Id.ToString() && a.Action == AuditActions.Updated)
            .OrderByDescending(a => a.At).FirstAsync();
        var status = JsonDocument.Parse(entry.Changes!).RootElement.GetProperty("Status");
        status.GetProperty("new").GetString().ShouldBe("Suspended");
    }
}
