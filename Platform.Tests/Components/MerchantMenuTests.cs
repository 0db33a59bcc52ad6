using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;
using Platform.Web.Components.Layout;

namespace Platform.Tests.Components;

/// <summary>The merchant menu per role: what a member sees is what they may open.</summary>
public sealed class MerchantMenuTests : KitContext
{
    private TestDatabase _db = default!;
    private Guid _owner;
    private Guid _gym;
    private Guid _riverside;

    public override async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _owner = (await _db.CreateUserAsync("owner@gym.test")).Id;
        await using var scope = _db.Scope();
        _gym = (await scope.ServiceProvider.GetRequiredService<OrganizationService>()
            .CreateAsync("Gym", "gym", OrganizationKind.Gym, _owner)).Value!.Id;
        await using var member = _db.As(_gym, MembershipRole.Owner);
        _riverside = (await member.Get<LocationService>().CreateAsync(new LocationInput("Riverside", null, "UTC"))).Value!.Id;
    }

    protected override async Task DisposeResourcesAsync() => await _db.DisposeAsync();

    private IReadOnlyList<string> MenuAs(MemberScope member, MembershipRole role, IReadOnlyList<Guid>? locations = null)
    {
        Services.AddSingleton(member.Get<OrganizationService>());
        var cut = this.RenderAs<MerchantNavigation>(SignedIn.Member(_owner, _gym, role, locations));
        cut.WaitForAssertion(() => cut.FindAll("a").Count.ShouldBeGreaterThan(0));
        return cut.FindAll("a").Select(a => a.TextContent.Trim()).ToList();
    }

    [Fact]
    public async Task AnOwnerSeesSettingsPayoutsAndReports()
    {
        await using var member = _db.As(_gym, MembershipRole.Owner);

        var menu = MenuAs(member, MembershipRole.Owner);

        menu.ShouldContain("Settings");
        menu.ShouldContain("Payouts");
        menu.ShouldContain("Reports");
        menu.ShouldContain("Team");
    }

    [Fact]
    public async Task StaffLimitedToOneLocationSeeNoSettingsPayoutsOrReports()
    {
        await using var member = _db.As(_gym, MembershipRole.Staff, [_riverside]);

        var menu = MenuAs(member, MembershipRole.Staff, [_riverside]);

        menu.ShouldNotContain("Settings");
        menu.ShouldNotContain("Payouts");
        menu.ShouldNotContain("Reports");
        menu.ShouldContain("Locations");
        menu.ShouldContain("Team");
    }
}
