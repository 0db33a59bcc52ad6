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

    private static readonly MarkupString FilterIcon = KitMarkup.Icon(Icons.Material.Filled.FilterList, "mud-icon-size-small");

    private static readonly string ExpandButton = KitMarkup.Button(Variant.Text, Color.Default, Size.Small) + " px-0";

    private MudDataGrid<AuditEntry>? _grid;
    private bool _filtersOpen;
    private bool _choicesLoaded;
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

    // The organizations are read for the filter's choices, or to name the one a link filtered by; not for every open page.
    protected override async Task OnInitializedAsync()
    {
        if (Organization is not null)
        {
            await LoadChoicesAsync();
        }
    }

    private async Task LoadChoicesAsync()
    {
        if (_choicesLoaded)
        {
            return;
        }
        _organizations = (await Organizations.SearchAsync(new OrganizationFilter(), new PageRequest(0, PageRequest.MaxTake))).Items;
        _entityTypes = await Audit.EntityTypesAsync();
        _choicesLoaded = true;
    }

    private async Task ToggleFiltersAsync()
    {
        if (!_filtersOpen)
        {
            await LoadChoicesAsync();
        }
        _filtersOpen = !_filtersOpen;
    }

    private async Task ClearFiltersAsync()
    {
        (Organization, User, _action, _entityType, _from, _to) = (null, null, null, null, null, null);
        await ReloadAsync();
    }

    private string FiltersLabel => ActiveFilters.Count is var n and > 0 ? $"Filters ({n})" : "Filters";

    /// <summary>The filters applied, in words, for the bar while the panel is closed.</summary>
    private List<string> ActiveFilters
    {
        get
        {
            var named = new List<string>();
            if (Organization is not null)
            {
                named.Add($"Organization: {OrganizationName(Organization)}");
            }
            if (!string.IsNullOrWhiteSpace(User))
            {
                named.Add($"User: {User}");
            }
            if (_action is not null)
            {
                named.Add($"Action: {_action}");
            }
            if (_entityType is not null)
            {
                named.Add($"Entity: {_entityType}");
            }
            if (_from is { } from)
            {
                named.Add($"From: {from:yyyy-MM-dd}");
            }
            if (_to is { } to)
            {
                named.Add($"To: {to:yyyy-MM-dd}");
            }
            return named;
        }
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
