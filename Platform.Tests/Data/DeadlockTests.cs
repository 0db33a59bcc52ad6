using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

/// <summary>
/// Work that saves in parallel (a payout run's batches, two runs at once) makes a save again when the database chose it to
/// break a deadlock; that needs the provider's error recognised as it reaches the caller, wrapped or not. SQLite takes one
/// writer at a time and never deadlocks, so only the server databases are tried.
/// </summary>
public sealed class DeadlockTests
{
    public static TheoryData<DatabaseProvider> Servers => new() { DatabaseProvider.Postgres, DatabaseProvider.MariaDb };

    [Theory, MemberData(nameof(Servers))]
    public async Task TwoSavesThatWaitForEachOtherEndWithOneKnownAsTheDeadlocksVictimAndTheOtherKept(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (north, south) = (await OrganizationAsync(db, "north"), await OrganizationAsync(db, "south"));
        await using var scope = db.Scope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().WritingAcrossTenants("test: two saves crossing");
        var factory = scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>();
        await using var first = await factory.CreateAsync();
        await using var second = await factory.CreateAsync();
        await using var firstTransaction = await first.Database.BeginTransactionAsync();
        await using var secondTransaction = await second.Database.BeginTransactionAsync();
        await RenameAsync(first, north, "North by first");
        await RenameAsync(second, south, "South by second");

        // Each now wants the row the other holds.
        var saves = new[] { Task.Run(() => RenameAsync(first, south, "South by first")), Task.Run(() => RenameAsync(second, north, "North by second")) };
        var ended = await Task.WhenAny(saves).WaitAsync(TimeSpan.FromSeconds(60));
        if (!ended.IsFaulted)
        {
            // MariaDB rolls the victim back itself, so the other save may end first.
            ended = saves.Single(save => save != ended);
            await Task.WhenAny(ended).WaitAsync(TimeSpan.FromSeconds(60));
        }

        ended.IsFaulted.ShouldBeTrue("the database ends one of the two");
        var (victim, victimTransaction, winner) = ended == saves[0] ? (first, firstTransaction, saves[1]) : (second, secondTransaction, saves[0]);
        var error = ended.Exception!.InnerException!;
        victim.IsDeadlock(error).ShouldBeTrue(error.ToString());
        (error is DbUpdateException update && victim.IsUniqueViolation(update)).ShouldBeFalse();
        await victimTransaction.RollbackAsync();
        await winner.WaitAsync(TimeSpan.FromSeconds(60));
        var winnerName = ended == saves[0] ? "by second" : "by first";
        await (ended == saves[0] ? secondTransaction : firstTransaction).CommitAsync();

        await using var read = await factory.CreateAsync();
        (await read.Organizations.AsNoTracking().Where(o => o.Id == north || o.Id == south).Select(o => o.Name).ToListAsync())
            .ShouldAllBe(name => name.EndsWith(winnerName));
    }

    [Theory, MemberData(nameof(Servers))]
    public async Task AUniqueViolationIsNotTakenForADeadlock(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await OrganizationAsync(db, "taken");
        await using var scope = db.Scope();
        await using var write = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().WritingAcrossTenants("test: a duplicate address");
        write.Organizations.Add(new Organization("Taken again", "taken", OrganizationKind.Charity, DateTimeOffset.UtcNow));

        var error = await Should.ThrowAsync<DbUpdateException>(() => write.SaveChangesAsync());

        write.IsUniqueViolation(error).ShouldBeTrue();
        write.IsDeadlock(error).ShouldBeFalse();
    }

    private static async Task RenameAsync(IPlatformDb db, Guid organizationId, string name)
    {
        var organization = await db.Organizations.SingleAsync(o => o.Id == organizationId);
        organization.Rename(name, organization.Slug);
        await db.SaveChangesAsync();
    }

    private static async Task<Guid> OrganizationAsync(TestDatabase db, string slug)
    {
        var owner = await db.CreateUserAsync($"owner@{slug}.test");
        await using var scope = db.Scope();
        return (await scope.ServiceProvider.GetRequiredService<OrganizationService>()
            .CreateAsync($"Org {slug}", slug, OrganizationKind.Charity, owner.Id)).Value!.Id;
    }
}
