using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data;
using Platform.Data.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class AuthenticatorStepsTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AStepIsClaimedOncePerAccountAndNeverAnEarlierOneAfterIt(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (alice, bob) = (await db.CreateUserAsync("alice@steps.test"), await db.CreateUserAsync("bob@steps.test"));
        await using var scope = db.Scope();
        var steps = new AuthenticatorSteps(scope.ServiceProvider.GetRequiredService<IDbContextFactory<PlatformDbContext>>());

        (await steps.TryClaimAsync(alice.Id, 59_000_000)).ShouldBeTrue();
        (await steps.TryClaimAsync(alice.Id, 59_000_000)).ShouldBeFalse();
        (await steps.TryClaimAsync(bob.Id, 59_000_000)).ShouldBeTrue(); // per account
        (await steps.TryClaimAsync(alice.Id, 58_999_999)).ShouldBeFalse();
        (await steps.TryClaimAsync(alice.Id, 59_000_001)).ShouldBeTrue();
        (await steps.TryClaimAsync(alice.Id, 100_000_000)).ShouldBeTrue(); // more digits still orders as a number
        (await steps.TryClaimAsync(alice.Id, 99_999_999)).ShouldBeFalse();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task OfRequestsRacingWithOneCodeExactlyOneWins(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var alice = await db.CreateUserAsync("alice@race.test");
        await using var scope = db.Scope();
        var steps = new AuthenticatorSteps(scope.ServiceProvider.GetRequiredService<IDbContextFactory<PlatformDbContext>>());
        (await steps.TryClaimAsync(alice.Id, 1)).ShouldBeTrue();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => steps.TryClaimAsync(alice.Id, 2))));

        outcomes.Count(won => won).ShouldBe(1);
    }
}
