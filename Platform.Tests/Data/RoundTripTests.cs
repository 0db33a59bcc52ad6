using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Ledger;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Data.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

/// <summary>What each provider stores comes back as it was written: instants, money, ids, enums, lists, passkeys.</summary>
public sealed class RoundTripTests
{
    // Microseconds: what every provider keeps (PostgreSQL's timestamps stop there).
    private static readonly DateTimeOffset Joined = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1_234_560);

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DatesKeepTheirMicrosecondsAndMoneyIdsEnumsAndLocationListsComeBackAsWritten(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var organization = await OrganizationAsync(db);
        var user = await db.CreateUserAsync("manager@roundtrip.test");
        var locations = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var amount = new Money(123_456_789_012_345.6789m, "USD");
        Guid membershipId;
        await using (var member = db.As(organization, MembershipRole.Owner))
        {
            var ledger = member.Get<LedgerService>();
            var factory = member.Get<IPlatformDbFactory>();
            await ledger.EnsureAccountsAsync(factory, [("roundtrip:a", "USD", organization), ("roundtrip:b", "USD", organization)]);
            await using var write = await factory.CreateAsync();
            var membership = new Membership(organization, user.Id, MembershipRole.Manager, locations, Joined);
            write.Memberships.Add(membership);
            await ledger.PostAsync(write, "roundtrip", "Round trip", organization,
                [Posting.Debit("roundtrip:a", amount, organization), Posting.Credit("roundtrip:b", amount, organization)]);
            await write.SaveChangesAsync();
            membershipId = membership.Id;
        }

        await using (var member = db.As(organization, MembershipRole.Owner))
        await using (var read = await member.Get<IPlatformDbFactory>().CreateAsync())
        {
            var membership = await read.Memberships.AsNoTracking().SingleAsync(m => m.Id == membershipId);
            (membership.Role, membership.UserId, membership.OrganizationId).ShouldBe((MembershipRole.Manager, user.Id, organization));
            membership.LocationIds.ShouldBe(locations);
            membership.JoinedAt.UtcTicks.ShouldBe(Joined.UtcTicks);
            // Compared in SQL, to the microsecond.
            (await read.Memberships.CountAsync(m => m.JoinedAt == Joined)).ShouldBe(1);
            (await read.Memberships.CountAsync(m => m.JoinedAt > Joined.AddTicks(-10) && m.JoinedAt < Joined.AddTicks(10))).ShouldBe(1);
            var lines = await read.JournalLines.AsNoTracking().Select(l => l.Amount).ToListAsync();
            lines.ShouldBe([amount.Amount, -amount.Amount], ignoreOrder: true);
        }
    }

    [Fact]
    public async Task OnMariaDbADateWrittenWithAnOffsetKeepsItsInstant()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.MariaDb);
        var organization = await OrganizationAsync(db);
        var user = await db.CreateUserAsync("manager@roundtrip.test");
        var inBerlin = Joined.ToOffset(TimeSpan.FromHours(2));
        await using var member = db.As(organization, MembershipRole.Owner);
        await using (var write = await member.Get<IPlatformDbFactory>().CreateAsync())
        {
            write.Memberships.Add(new Membership(organization, user.Id, MembershipRole.Staff, [], inBerlin));
            await write.SaveChangesAsync();
        }

        await using var read = await member.Get<IPlatformDbFactory>().CreateAsync();
        var joined = await read.Memberships.Where(m => m.UserId == user.Id).Select(m => m.JoinedAt).SingleAsync();
        joined.ShouldBe(Joined); // the same instant
        joined.Offset.ShouldBe(TimeSpan.Zero);
        (await read.Memberships.CountAsync(m => m.JoinedAt == inBerlin.ToOffset(TimeSpan.FromHours(-5)))).ShouldBe(1);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task APasskeyIsStoredAndFoundAgainWithItsTransportsAndCounters(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var user = await db.CreateUserAsync("passkey@roundtrip.test");
        byte[] credential = [1, 2, 3, 4, 5, 6, 7, 8];
        await using (var scope = db.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
            var passkey = new UserPasskeyInfo(credential, [9, 9, 9], Joined, 7, ["usb", "nfc"], true, true, false, [4, 2], [1]) { Name = "Laptop" };
            (await users.AddOrUpdatePasskeyAsync((await users.FindByIdAsync(user.Id.ToString()))!, passkey)).Succeeded.ShouldBeTrue();
        }

        await using (var scope = db.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
            (await users.FindByPasskeyIdAsync(credential)).ShouldNotBeNull().Id.ShouldBe(user.Id);
            var stored = (await users.GetPasskeysAsync((await users.FindByIdAsync(user.Id.ToString()))!)).ShouldHaveSingleItem();
            (stored.Name, stored.SignCount, stored.IsUserVerified, stored.IsBackupEligible, stored.IsBackedUp).ShouldBe(("Laptop", 7u, true, true, false));
            stored.Transports.ShouldBe(["usb", "nfc"]);
            stored.PublicKey.ShouldBe(new byte[] { 9, 9, 9 });
            stored.CreatedAt.ShouldBe(Joined);
        }
    }

    private static async Task<Guid> OrganizationAsync(TestDatabase db)
    {
        var owner = await db.CreateUserAsync("owner@roundtrip.test");
        await using var scope = db.Scope();
        return (await scope.ServiceProvider.GetRequiredService<OrganizationService>()
            .CreateAsync("Round Trip", "round-trip", OrganizationKind.Charity, owner.Id)).Value!.Id;
    }
}
