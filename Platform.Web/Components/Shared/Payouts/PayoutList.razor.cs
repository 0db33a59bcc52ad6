using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Common;

namespace Platform.Web.Components.Shared.Payouts;

/// <summary>
/// Payouts, newest first, paged on the server: the one list staff, an organization and a creator each see of their
/// payouts. The page says whose payouts it reads (<see cref="Load"/>) and which columns fit its readers.
/// </summary>
public partial class PayoutList
{
    private MudDataGrid<PayoutLine>? _grid;
    private bool _loaded;
    private string? _week;
    private string? _rowsCurrency;

    /// <summary>Reads one page of payouts, of the given week when <see cref="FilterByWeek"/> is on and a week is typed.</summary>
    [Parameter, EditorRequired] public required Func<PageRequest, string?, Task<Page<PayoutLine>>> Load { get; set; }

    /// <summary>Where statements are downloaded: <c>{StatementBase}/{id}.pdf</c>.</summary>
    [Parameter, EditorRequired] public required string StatementBase { get; set; }

    [Parameter, EditorRequired] public required string EmptyTitle { get; set; }
    [Parameter] public string? EmptyMessage { get; set; }

    /// <summary>The sentence before the reserve rule ("Paid every Monday for the week before.").</summary>
    [Parameter] public string? Lead { get; set; }

    /// <summary>Gross, fees, refunds and reserve released: what an organization's own managers need.</summary>
    [Parameter] public bool ShowBreakdown { get; set; }

    [Parameter] public bool ShowOrganization { get; set; }
    [Parameter] public string OrganizationTitle { get; set; } = "Organization";
    [Parameter] public Func<Guid, string>? OrganizationLink { get; set; }
    [Parameter] public bool FilterByWeek { get; set; }

    /// <summary>The currency the minimum is stated in; without it, the rows' own, else US dollars.</summary>
    [Parameter] public string? Currency { get; set; }

    /// <summary>The time zone payout dates are shown in; without it, UTC (and they say so).</summary>
    [Parameter] public string? TimeZone { get; set; }

    private string MinimumCurrency => Currency ?? _rowsCurrency ?? "USD";

    // Staff and creators see payouts in several currencies: the minimum applies in each payout's own.
    private string? CurrencyHint => Currency is null ? " (or the same in the payout's currency)" : null;

    private async Task<GridData<PayoutLine>> LoadAsync(GridState<PayoutLine> state, CancellationToken cancellationToken)
    {
        var page = await Load(state.ToPageRequest(), FilterByWeek && !string.IsNullOrWhiteSpace(_week) ? _week.Trim() : null);
        _rowsCurrency ??= page.Items.FirstOrDefault()?.Net.Currency;
        _loaded = true;
        return page.ToGridData();
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private static RenderFragment Amount(Money? value) => builder =>
    {
        if (value is { } money)
        {
            builder.OpenComponent<MoneyText>(0);
            builder.AddComponentParameter(1, nameof(MoneyText.Value), money);
            builder.CloseComponent();
        }
    };
}
