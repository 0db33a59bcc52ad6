using MudBlazor;

namespace Platform.Web.Components.Layout;

public sealed class CreatorNavigation : PortalNav
{
    private static readonly NavItem[] All =
    [
        new("Dashboard", "/creator", Icons.Material.Filled.Dashboard, Exact: true),
        new("Payouts", "/creator/payouts", Icons.Material.Filled.Payments),
    ];

    protected override IEnumerable<NavItem> Items => All;
}
