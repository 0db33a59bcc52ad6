using MudBlazor;

namespace Platform.Web.Components.Layout;

public sealed class DonorNavigation : PortalNav
{
    private static readonly NavItem[] All =
    [
        new("Dashboard", "/donor", Icons.Material.Filled.Dashboard, Exact: true),
        new("Gifts", "/donor/donations", Icons.Material.Filled.VolunteerActivism),
        new("Give", "/charities", Icons.Material.Filled.Favorite),
        new("Tax statements", "/donor/statements", Icons.Material.Filled.ReceiptLong),
        new("Monthly gifts", "/donor/recurring", Icons.Material.Filled.EventRepeat),
    ];

    protected override IEnumerable<NavItem> Items => All;
}
