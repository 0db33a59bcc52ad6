using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

/// <summary>The public pages read one cached catalogue; what a visitor sees still follows every gift, refund and program change.</summary>
public sealed class PublicCatalogueTests
{
    private static async Task<ProgramCard> ProgramAsync(GivingWorld w)
    {
        await using var scope = w.Db.Scope();
        return (await scope.ServiceProvider.GetRequiredService<GivingQueries>().CharitiesAsync())
            .SelectMany(c => c.Programs).Single(p => p.Id == w.Program);
    }

    [Fact]
    public async Task ASecondVisitorIsServedTheSameCatalogueWithoutLoadingItAgain()
    {
        await using var w = await GivingWorld.CreateAsync(DatabaseProvider.Sqlite);
        await using var first = w.Db.Scope();
        await using var second = w.Db.Scope();

        var seen = await first.ServiceProvider.GetRequiredService<GivingQueries>().CharitiesAsync();
        var again = await second.ServiceProvider.GetRequiredService<GivingQueries>().CharitiesAsync();

        again.ShouldBeSameAs(seen);
    }

    [Fact]
    public async Task AConfirmedGiftARefundAndAProgramSavedShowAtOnce()
    {
        await using var w = await GivingWorld.CreateAsync(DatabaseProvider.Sqlite);
        (await ProgramAsync(w)).Gifts.ShouldBe(0);

        var gift = await w.GiveAsync(100m);
        (await ProgramAsync(w)).Raised.ShouldBe(new Money(96.80m, "USD"));

        await using var owner = w.Db.As(w.Charity, MembershipRole.Owner);
        (await owner.Get<GivingService>().RefundAsync(gift.DonationId, 30m, "Partly returned", "r")).Succeeded.ShouldBeTrue();
        (await ProgramAsync(w)).Raised.ShouldBe(new Money(66.80m, "USD"));

        var program = (await owner.Get<ProgramService>().ProgramsAsync()).Single(p => p.Id == w.Program);
        (await owner.Get<ProgramService>().SaveProgramAsync(program.Id, new ProgramInput(program.LocationId, "Winter coats, renamed",
            program.Description, program.GoalAmount, program.Currency, program.Region, program.ImageUrl, program.IsOpen))).Succeeded.ShouldBeTrue();
        (await ProgramAsync(w)).Name.ShouldBe("Winter coats, renamed");
    }
}
