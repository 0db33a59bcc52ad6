using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Platform.Core.Access;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;
using Platform.Web.Components.Layout;

namespace Platform.Tests.Components;

/// <summary>
/// The portal layout as markup where it never changes: menus that still mark the page you are on, the theme's style
/// sheet as MudBlazor writes it, and a layout of few components, since an open page keeps every component's render tree.
/// </summary>
public sealed class LeanLayoutTests : KitContext
{
    private TestDatabase? _db;

    protected override async Task DisposeResourcesAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("/donor/donations", true)]
    [InlineData("/donor/donations/", true)]
    [InlineData("/donor/donations/0192", true)]
    [InlineData("/donor/donations?status=Refunded", true)]
    [InlineData("/DONOR/Donations", true)]
    [InlineData("/donor/donationsarchive", false)]
    [InlineData("/donor", false)]
    public void AMenuLinkIsActiveOnItsOwnPageAndThePagesBelowIt(string path, bool active) =>
        new NavItem("Gifts", "/donor/donations", Icons.Material.Filled.VolunteerActivism).IsActive(path).ShouldBe(active);

    [Theory]
    [InlineData("/donor", true)]
    [InlineData("/donor?welcome=1", true)]
    [InlineData("/donor/donations", false)]
    public void APortalsRootLinkIsActiveOnlyOnTheRoot(string path, bool active) =>
        new NavItem("Dashboard", "/donor", Icons.Material.Filled.Dashboard, Exact: true).IsActive(path).ShouldBe(active);

    [Fact]
    public void TheMenuMarksThePageYouAreOnAndFollowsYouToTheNext()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/donor/donations");

        var menu = Render<DonorNavigation>();

        Active(menu).ShouldBe(["Gifts"]);
        menu.Find("a.active").GetAttribute("aria-current").ShouldBe("page");
        menu.FindAll("a").Select(a => a.TextContent).ShouldBe(["Dashboard", "Gifts", "Give", "Tax statements", "Monthly gifts"]);

        navigation.NavigateTo("/donor");

        menu.WaitForAssertion(() => Active(menu).ShouldBe(["Dashboard"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheThemesStyleSheetIsTheOneMudBlazorWrites(bool dark)
    {
        var theme = PlatformTheme.For("#2e7d32");

        var ours = Render<PlatformThemeProvider>(p => p.Add(c => c.Theme, theme).Add(c => c.IsDarkMode, dark));
        var theirs = Render<MudThemeProvider>(p => p.Add(c => c.Theme, theme).Add(c => c.IsDarkMode, dark));

        ours.Markup.ShouldContain("--mud-palette-primary");
        ours.Markup.ShouldBe(theirs.Markup);
    }

    [Fact]
    public async Task ThePortalLayoutIsAFewComponentsNotDozens()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var donor = await _db.CreateUserAsync("donor@lean.test", "Dana Donor");
        var scope = _db.Scope();
        Services.AddSingleton(scope.ServiceProvider.GetRequiredService<IDbContextFactory<PlatformDbContext>>());
        Services.AddSingleton(scope.ServiceProvider.GetRequiredService<MembershipDirectory>());
        Services.AddSingleton<Platform.Web.Identity.PortalMemory>();
        AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, donor.Id.ToString()), new Claim(ClaimTypes.Name, "donor@lean.test")], "test"));

        var page = Render(b =>
        {
            b.OpenComponent<CascadingValue<Task<AuthenticationState>>>(0);
            b.AddComponentParameter(1, "Value", Task.FromResult(new AuthenticationState(user)));
            b.AddComponentParameter(2, "ChildContent", (RenderFragment)(inner =>
            {
                inner.OpenComponent<PortalShell>(0);
                inner.AddComponentParameter(1, nameof(PortalShell.Portal), "Donor");
                inner.AddComponentParameter(2, nameof(PortalShell.Menu), (RenderFragment)(menu =>
                {
                    menu.OpenComponent<DonorNavigation>(0);
                    menu.CloseComponent();
                }));
                inner.AddComponentParameter(3, nameof(PortalShell.ChildContent), (RenderFragment)(body => body.AddMarkupContent(0, "<p>Page</p>")));
                inner.CloseComponent();
            }));
            b.CloseComponent();
        });

        page.WaitForAssertion(() => page.FindAll("nav a").Count.ShouldBe(5));
        page.Find("button[aria-label='Toggle navigation']").ShouldNotBeNull();
        page.Find("[aria-label='Switch to dark mode']").ShouldNotBeNull();
        // The MudBlazor layout was some sixty: app bar, tool bar, three components a menu link, a tooltip and its popover.
        page.FindComponents<IComponent>().Count.ShouldBeLessThanOrEqualTo(32);
    }

    private static string[] Active(IRenderedComponent<DonorNavigation> menu) =>
        [.. menu.FindAll("a.active").Select(a => a.TextContent)];
}
