using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Audit;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Data.Audit;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.Admin.Audit;

public partial class AuditPage
{
    // A created entity lists every property: a few are shown at first, the rest on request.
    private const int FewChanges = 4;

    private MudDataGrid<AuditEntry>? _grid;
    private bool _loaded;
    private IReadOnlyList<OrganizationRow> _organizations = [];
    private IReadOnlyList<string> _entityTypes = [];
    private readonly HashSet<Guid> _expanded = [];
    private string? _action;
    private string? _entityType;
    private DateTime? _from;
    private DateTime? _to;

    [Inject] private AuditQueries Audit { get; set; } = default!;
    [Inject] private OrganizationService Organizations { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "organization")] public Guid? Organization { get; set; }
    [SupplyParameterFromQuery(Name = "user")] public string? User { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _organizations = (await Organizations.SearchAsync(new OrganizationFilter(), new PageRequest(0, PageRequest.MaxTake))).Items;
        _entityTypes = await Audit.EntityTypesAsync();
    }

    private async Task<GridData<AuditEntry>> LoadAsync(GridState<AuditEntry> state, CancellationToken cancellationToken)
    {
        var query = new AuditQuery(Organization, User, _action, _entityType,
            _from is { } f ? new DateTimeOffset(f.Date, TimeSpan.Zero) : null,
            _to is { } t ? new DateTimeOffset(t.Date.AddDays(1), TimeSpan.Zero) : null);
        var page = await Audit.SearchAsync(query, state.ToPageRequest(), cancellationToken);
        _loaded = true;
        return page.ToGridData();
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private string OrganizationName(Guid? id) => id is { } org ? _organizations.FirstOrDefault(o => o.Id == org)?.Name ?? org.ToString() : "";

    private bool Expanded(AuditEntry entry) => _expanded.Contains(entry.Id);

    private void Toggle(AuditEntry entry)
    {
        if (!_expanded.Remove(entry.Id))
        {
            _expanded.Add(entry.Id);
        }
    }
}
