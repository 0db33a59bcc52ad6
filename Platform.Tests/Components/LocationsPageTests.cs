using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.Merchant;

namespace Platform.Tests.Components;

/// <summary>The locations page over a real SQLite database, as an owner and as staff restricted to one branch.</summary>
public sealed class LocationsPageTests : KitContext
{
    private TestDatabase _db = default!;
    private Guid _gym;
    private Guid _riverside;

    public override async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var owner = await _db.CreateUserAsync("owner@gym.test");
        await using var scope = _db.Scope();
        _gym = (await scope.ServiceProvider.GetRequiredService<OrganizationService>()
            .CreateAsync("Gym", "gym", OrganizationKind.Gym, owner.Id)).Value!.Id;
        await using var member = _db.As(_gym, MembershipRole.Owner);
        var locations = member.Get<LocationService>();
        await locations.CreateAsync(new LocationInput("Downtown", null, "UTC"));
        _riverside = (await locations.CreateAsync(new LocationInput("Riverside", null, "UTC"))).Value!.Id;
    }

    protected override async Task DisposeResourcesAsync() => await _db.DisposeAsync();

    // Not async: the member it acts as must stay set in the test's own flow, which the components run in.
    private MemberScope RenderAs(MembershipRole role, IReadOnlyList<Guid>? locations = null)
    {
        var member = _db.As(_gym, role, locations);
        Services.AddSingleton(member.Get<LocationService>());
        return member;
    }

    [Fact]
    public async Task StaffRestrictedToOneLocationSeeOnlyItAndNoManagementActions()
    {
        await using var _ = RenderAs(MembershipRole.Staff, [_riverside]);

        var cut = Render<LocationsPage>();

        cut.WaitForAssertion(() => cut.FindAll("td").Select(td => td.TextContent.Trim()).ShouldContain("Riverside"));
        cut.Markup.ShouldNotContain("Downtown");
        cut.FindAll("button").Select(b => b.TextContent.Trim()).ShouldNotContain(t => t.Contains("Add location") || t == "Archive");
    }

    [Fact]
    public async Task AnOwnerAddingALocationWithoutANameIsToldWhatIsMissingAndNothingIsSaved()
    {
        await using var member = RenderAs(MembershipRole.Owner);
        var cut = Render<LocationsPage>();
        cut.WaitForAssertion(() => cut.FindAll("td").Count.ShouldBeGreaterThan(0));

        cut.FindAll("button").First(b => b.TextContent.Contains("Add location")).Click();
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => cut.FindAll(".mud-input-error").Select(e => e.TextContent).ShouldContain(m => m.Contains("Name")));
        (await member.Get<LocationService>().ListAsync()).Count.ShouldBe(2);
    }
}
