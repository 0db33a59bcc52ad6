using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Platform.Core.Tenancy;

namespace Platform.Web.Components.Layout;

/// <summary>A member sees only what they may open: staff limited to some locations get no settings, money or reports.</summary>
public sealed class MerchantNavigation : PortalNav
{
    private static readonly NavItem Dashboard = new("Dashboard", "/merchant", Icons.Material.Filled.Dashboard, Exact: true);
    private static readonly NavItem[] Charity =
    [
        new("Programs", "/merchant/programs", Icons.Material.Filled.VolunteerActivism),
        new("Families", "/merchant/families", Icons.Material.Filled.FamilyRestroom),
        new("Donations", "/merchant/donations", Icons.Material.Filled.Payments),
        new("Journeys", "/merchant/journeys", Icons.Material.Filled.LocalShipping),
    ];
    private static readonly NavItem[] Money =
    [
        new("Payouts", "/merchant/payouts", Icons.Material.Filled.AccountBalance),
        new("Reports", "/merchant/reports", Icons.Material.Filled.Assessment),
    ];
    private static readonly NavItem[] Everyone =
    [
        new("Locations", "/merchant/locations", Icons.Material.Filled.Place),
        new("Team", "/merchant/team", Icons.Material.Filled.Badge),
    ];
    private static readonly NavItem[] Settings =
    [
        new("Settings", "/merchant/settings", Icons.Material.Filled.Settings),
        new("Plan", "/merchant/plan", Icons.Material.Filled.WorkspacePremium),
    ];

    private NavItem[] _items = [Dashboard];

    [Inject] private OrganizationService Organizations { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override IEnumerable<NavItem> Items => _items;

    protected override async Task OnInitializedAsync()
    {
        var user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
        var charity = (await Organizations.GetCurrentAsync())?.Kind == OrganizationKind.Charity;
        var restricted = MemberAccess.IsLocationRestricted(user);
        _items =
        [
            Dashboard,
            .. charity ? Charity : [],
            .. restricted ? [] : Money,
            .. Everyone,
            .. restricted ? [] : Settings,
        ];
    }
}
