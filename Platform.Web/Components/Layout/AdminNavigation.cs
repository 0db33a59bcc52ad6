using MudBlazor;

namespace Platform.Web.Components.Layout;

public sealed class AdminNavigation : PortalNav
{
    private static readonly NavItem[] All =
    [
        new("Dashboard", "/admin", Icons.Material.Filled.Dashboard, Exact: true),
        new("Organizations", "/admin/organizations", Icons.Material.Filled.Domain),
        new("Users", "/admin/users", Icons.Material.Filled.Group),
        new("Trials", "/admin/trials", Icons.Material.Filled.HourglassTop),
        new("Payouts", "/admin/payouts", Icons.Material.Filled.Payments),
        new("Reports", "/admin/reports", Icons.Material.Filled.Assessment),
        new("Audit log", "/admin/audit", Icons.Material.Filled.Policy),
        new("Jobs", "/admin/jobs", Icons.Material.Filled.Schedule),
        new("Backups", "/admin/backups", Icons.Material.Filled.Backup),
        new("Outbox", "/admin/outbox", Icons.Material.Filled.Outbox),
    ];

    protected override IEnumerable<NavItem> Items => All;
}
