using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.Merchant;

namespace Platform.Tests.Components;

/// <summary>The team page offers each member only the actions the team service lets them take.</summary>
public sealed class TeamPageTests : KitContext
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
        await using var owner = _db.As(_gym, MembershipRole.Owner);
        _riverside = (await owner.Get<LocationService>().CreateAsync(new LocationInput("Riverside", null, "UTC"))).Value!.Id;
        await owner.Get<TeamService>().InviteAsync(new InviteInput("coach@gym.test", MembershipRole.Staff, [_riverside]));
    }

    protected override async Task DisposeResourcesAsync() => await _db.DisposeAsync();

    // Not async: the member it acts as must stay set in the test's own flow, which the components run in.
    private IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> RenderAs(MemberScope member, MembershipRole role, IReadOnlyList<Guid>? locations = null)
    {
        Services.AddSingleton(member.Get<TeamService>());
        Services.AddSingleton(member.Get<LocationService>());
        var cut = this.RenderAs<TeamPage>(SignedIn.Member(_owner, _gym, role, locations));
        cut.WaitForAssertion(() => cut.Markup.ShouldContain("owner@gym.test"));
        return cut;
    }

    private static List<string> Choices(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut) =>
        cut.FindAll(".mud-radio").Select(r => r.TextContent.Trim()).ToList();

    private static List<string> Buttons(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut) =>
        cut.FindAll("button").Select(b => b.TextContent.Trim()).ToList();

    [Fact]
    public async Task AnOwnerMayInviteAnOwnerAndRemoveMembers()
    {
        await using var member = _db.As(_gym, MembershipRole.Owner);

        var cut = RenderAs(member, MembershipRole.Owner);

        Choices(cut).ShouldBe(["Owner", "Manager", "Staff"]);
        Buttons(cut).ShouldContain("Remove");
        Buttons(cut).ShouldContain("Revoke");
    }

    [Fact]
    public async Task AManagerLimitedToOneLocationIsOfferedNoOwnerRoleAndNoRemove()
    {
        await using var member = _db.As(_gym, MembershipRole.Manager, [_riverside]);

        var cut = RenderAs(member, MembershipRole.Manager, [_riverside]);

        Choices(cut).ShouldBe(["Manager", "Staff"]);
        Buttons(cut).ShouldNotContain("Remove");
        cut.FindAll("[aria-label^='Change the role of owner@gym.test']").ShouldBeEmpty();
    }

    [Fact]
    public async Task StaffLimitedToOneLocationAreOfferedNoInvitationRoleChangeOrRemove()
    {
        await using var member = _db.As(_gym, MembershipRole.Staff, [_riverside]);

        var cut = RenderAs(member, MembershipRole.Staff, [_riverside]);

        Choices(cut).ShouldBeEmpty();
        cut.Markup.ShouldNotContain("Invite someone");
        Buttons(cut).ShouldNotContain("Remove");
        Buttons(cut).ShouldNotContain("Revoke");
        cut.Markup.ShouldNotContain("Change role");
    }
}
