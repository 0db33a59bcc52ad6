using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Core.Tenancy;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.Merchant.Giving;

public partial class JourneysPage
{
    private const string Cell = "mud-grid-item mud-grid-item-xs-12 mud-grid-item-sm-4";
    private static readonly int[] PageSizes = [20, 50, 100];
    private static readonly string MoveButton = KitMarkup.Button(Variant.Outlined, Color.Primary, Size.Small);
    private static readonly RenderFragment Stalled = StatusBadge.OfText("Stalled");

    private static readonly MarkupString Headers = new(
        "<tr class=\"mud-table-row\">" + string.Concat(new[] { "Receipt", "Donor", "Amount", "Stage", "Last progress", "" }
            .Select(h => $"<th scope=\"col\" class=\"mud-table-cell\"><span class=\"column-header\">{h}</span></th>")) + "</tr>");

    private static readonly MarkupString Loading = new(
        "<tr><th colspan=\"6\" class=\"mud-table-loading\"><div role=\"progressbar\" aria-busy=\"true\" aria-label=\"Loading…\" class=\"mud-progress-linear " +
        "mud-progress-indeterminate mud-progress-linear-small mud-progress-linear-color-info mud-progress-linear-background horizontal " +
        "mud-table-loading-progress\"><div class=\"mud-progress-linear-bars mud-flip-x-rtl\"><div class=\"mud-progress-linear-bar\"></div>" +
        "<div class=\"mud-progress-linear-bar\"></div></div></div></th></tr>");

    private Page<JourneyRow>? _rows;
    private int _page;
    private int _size = PageSizes[0];
    private JourneyBoard? _board;
    private IReadOnlyList<Family> _families = [];
    private JourneyRow? _advancing;
    private Result? _result;
    private string? _timeZone;
    private MarkupString _stageChart;

    [Inject] private OrganizationService Organizations { get; set; } = default!;

    private string StageDescription => "Gifts by journey stage: " + string.Join(", ", _board!.ByStage.Select(s => $"{s.Key.Label()} {s.Value}"));

    protected override async Task OnInitializedAsync()
    {
        _timeZone = (await Organizations.GetCurrentAsync())?.TimeZone;
        await LoadBoardAsync();
        await LoadRowsAsync();
    }

    private async Task LoadBoardAsync()
    {
        _board = await Journeys.BoardAsync(Options.StalledAfterDays);
        _stageChart = BarChart.Svg([.. _board.ByStage.Select(s => (s.Key.Label(), (double)s.Value))], "220px");
    }

    private async Task LoadRowsAsync()
    {
        _rows = await Journeys.ActiveAsync(Options.StalledAfterDays, new PageRequest(_page * _size, _size));
        if (_rows.Items.Count == 0 && _page > 0)
        {
            _page = Math.Max(0, (_rows.Total - 1) / _size); // the page it was on is gone (its gifts moved on)
            _rows = await Journeys.ActiveAsync(Options.StalledAfterDays, new PageRequest(_page * _size, _size));
        }
    }

    private async Task ToPageAsync(int page)
    {
        _page = page;
        await LoadRowsAsync();
    }

    private async Task ToSizeAsync(int size)
    {
        (_page, _size) = (0, size);
        await LoadRowsAsync();
    }

    // The families are read when a gift is moved and let go when the form closes: the board is open all day, and
    // holding every family on it would be each open page's largest object.
    private async Task StartAsync(JourneyRow row)
    {
        if (_families.Count == 0)
        {
            _families = await Programs.FamiliesAsync();
        }
        _advancing = row;
        _result = null;
    }

    private void Close()
    {
        _advancing = null;
        _families = [];
    }

    private async Task AdvanceAsync(AdvanceInput input)
    {
        var row = _advancing!;
        _result = await Journeys.AdvanceAsync(row.DonationId, input);
        if (_result.Succeeded)
        {
            Snackbar.Show(_result, $"{row.ReceiptNumber} is now {input.To.Label()}.");
            Close();
            await LoadBoardAsync();
            await LoadRowsAsync();
        }
    }
}
