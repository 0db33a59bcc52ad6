using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Platform.Core.Access;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;
using Platform.Web.Components.Layout;
using Platform.Web.Components.Pages.Merchant;

namespace Platform.Tests.Components;

/// <summary>
/// A merchant page with its header, rendered over PostgreSQL from one scope as a circuit serves it: the header's
/// organization switcher reads the owner's memberships in every organization while the page lists one organization's rows.
/// </summary>
public sealed class MerchantPageOnOneCircuitTests : KitContext
{
    private TestDatabase _db = default!;
    private Guid _owner;
    private Guid _gym;

    public override async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        _owner = (await _db.CreateUserAsync("owner@gym.test")).Id;
        await using var scope = _db.Scope();
        var organizations = scope.ServiceProvider.GetRequiredService<OrganizationService>();
        _gym = (await organizations.CreateAsync("Gym", "gym", OrganizationKind.Gym, _owner)).Value!.Id;
        var clinic = (await organizations.CreateAsync("Clinic", "clinic", OrganizationKind.Clinic, _owner)).Value!.Id;
        var tenant = scope.ServiceProvider.GetRequiredService<ITenantContext>();
        var locations = scope.ServiceProvider.GetRequiredService<LocationService>();
        using (tenant.ForOrganization(_gym))
        {
            await locations.CreateAsync(new LocationInput("Downtown", null, "UTC"));
        }
        using (tenant.ForOrganization(clinic))
        {
            await locations.CreateAsync(new LocationInput("Harbor Street", null, "UTC"));
        }
    }

    protected override async Task DisposeResourcesAsync() => await _db.DisposeAsync();

    // Not async: the member it acts as stays set in the test's own flow, which the components run in.
    private MemberScope Circuit()
    {
        var member = _db.As(_gym, MembershipRole.Owner);
        Services.AddSingleton(member.Get<LocationService>());
        Services.AddSingleton(member.Get<MembershipDirectory>());
        SetRendererInfo(new RendererInfo("Server", isInteractive: true)); // as a circuit renders: the switcher offers its menu
        return member;
    }

    private IRenderedComponent<IComponent> RenderPage(bool withReloadingHeader = false)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, _owner.ToString()), new Claim(PlatformClaims.OrganizationId, _gym.ToString())], "test"));
        var state = Task.FromResult(new AuthenticationState(user));
        return Render(b =>
        {
            b.OpenComponent<CascadingValue<Task<AuthenticationState>>>(0);
            b.AddComponentParameter(1, "Value", state);
            b.AddComponentParameter(2, "ChildContent", (RenderFragment)(inner =>
            {
                inner.OpenComponent<MudPopoverProvider>(0);
                inner.CloseComponent();
                inner.OpenComponent<OrganizationSwitcher>(0);
                inner.CloseComponent();
                if (withReloadingHeader)
                {
                    inner.OpenComponent<HeaderReload>(1);
                    inner.AddComponentParameter(2, nameof(HeaderReload.UserId), _owner);
                    inner.CloseComponent();
                }
                inner.OpenComponent<LocationsPage>(3);
                inner.CloseComponent();
            }));
            b.CloseComponent();
        });
    }

    [Fact]
    public async Task TheHeaderListsEveryOrganizationOfTheOwnerAndThePageOnlyTheActiveOnesLocations()
    {
        await using var _ = Circuit();

        var cut = RenderPage();

        cut.WaitForAssertion(() => cut.FindAll("td").Select(td => td.TextContent.Trim()).ShouldContain("Downtown"), TimeSpan.FromSeconds(10));
        cut.Find("button[aria-label^='Organization:']").Click();
        cut.WaitForAssertion(() => cut.FindAll("form[action='/Account/SwitchOrganization'] button")
            .Select(b => b.TextContent.Replace("Owner", "").Trim()).ShouldBe(["Clinic", "Gym"]), TimeSpan.FromSeconds(5));
        cut.Markup.ShouldNotContain("Harbor Street");
    }

    [Fact]
    public async Task TwoComponentsActingAtOnceAfterEventsEachSeeOnlyWhatTheirOperationMaySee()
    {
        await using var member = Circuit();
        var cut = RenderPage(withReloadingHeader: true);
        cut.WaitForAssertion(() => cut.FindAll("td").Select(td => td.TextContent.Trim()).ShouldContain("Downtown"), TimeSpan.FromSeconds(10));

        for (var round = 1; round <= 5; round++)
        {
            cut.FindAll("button").First(b => b.TextContent.Contains("Add location")).Click();
            cut.WaitForElement("form input", TimeSpan.FromSeconds(5)).Change($"Annex {round}"); // the form renders once the click is handled
            var header = cut.Find("button.reload").ClickAsync(new MouseEventArgs());
            var page = cut.Find("form").SubmitAsync();
            await Task.WhenAll(header, page);

            cut.WaitForAssertion(() => cut.FindAll("td").Select(td => td.TextContent.Trim()).ShouldContain($"Annex {round}"), TimeSpan.FromSeconds(10));
            cut.Find(".reloaded").TextContent.ShouldBe("Clinic, Gym");
            cut.Markup.ShouldNotContain("Harbor Street");
        }
        (await member.Get<LocationService>().ListAsync()).Count.ShouldBe(6);
    }

    /// <summary>A header component that reads the user's organizations again when clicked, as a switcher refreshing would.</summary>
    private sealed class HeaderReload : ComponentBase
    {
        private string _names = "";

        [Inject] private MembershipDirectory Memberships { get; set; } = default!;

        [Parameter] public Guid UserId { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "class", "reload");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, ReloadAsync));
            builder.AddContent(3, "Reload");
            builder.CloseElement();
            builder.OpenElement(4, "span");
            builder.AddAttribute(5, "class", "reloaded");
            builder.AddContent(6, _names);
            builder.CloseElement();
        }

        private async Task ReloadAsync() =>
            _names = string.Join(", ", (await Memberships.ForUserAsync(UserId)).Select(m => m.OrganizationName));
    }
}
